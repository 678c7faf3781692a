/**
 * Who may change the corpus, decided on real discord.js interactions built from the payloads Discord
 * sends (the e2e ownership tests drive the same rule through the emulator).
 */
import { ButtonInteraction, ChatInputCommandInteraction, Client, GatewayIntentBits, PermissionFlagsBits } from 'discord.js';
import { afterAll, describe, expect, it } from 'vitest';
import { isModerator, mayChangeCorpus, type CorpusAccess } from '../../src/discord/permissions.js';

const ADMIN_GUILD = '200000000000000001';
const OTHER_GUILD = '200000000000000002';
const MODERATORS = '500000000000000001';
const OWNER = '400000000000000009';
const USER = '400000000000000001';
const access: CorpusAccess = { adminGuildIds: [ADMIN_GUILD], ownerUserIds: [OWNER], moderatorRoleIds: [MODERATORS] };

const client = new Client({ intents: [GatewayIntentBits.Guilds] });
afterAll(() => client.destroy());

interface Caller {
  readonly guild?: string;
  readonly user?: string;
  readonly roles?: readonly string[];
  readonly permissions?: bigint;
}

function payload({ guild, user = USER, roles = [], permissions = 0n }: Caller) {
  const account = { id: user, username: 'someone', discriminator: '0', avatar: null, global_name: null };
  return {
    id: '100000000000000001',
    application_id: '100000000000000002',
    token: 'token',
    version: 1,
    channel_id: '300000000000000001',
    locale: 'en-US',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: {},
    ...(guild
      ? {
          guild_id: guild,
          guild_locale: 'en-US',
          context: 0,
          member: { user: account, roles, permissions: String(permissions), joined_at: '2020-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
        }
      : { user: account, context: 1 }),
  };
}
// discord.js builds interactions from gateway payloads; its constructors are not public API, so reached by a cast.
type FromPayload<T> = new (client: Client, data: unknown) => T;
const ChatInput = ChatInputCommandInteraction as unknown as FromPayload<ChatInputCommandInteraction>;
const Button = ButtonInteraction as unknown as FromPayload<ButtonInteraction>;
const command = (caller: Caller) => new ChatInput(client, { ...payload(caller), type: 2, data: { id: '600000000000000001', name: 'reload', type: 1 } });
const button = (caller: Caller) =>
  new Button(client, {
    ...payload(caller),
    type: 3,
    data: { custom_id: 'corpus-import:add:k', component_type: 2 },
    message: {
      id: '700000000000000001',
      channel_id: '300000000000000001',
      author: { id: '100000000000000002', username: 'bot', discriminator: '0', avatar: null },
      content: '',
      timestamp: '2020-01-01T00:00:00.000Z',
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: 0,
      components: [],
    },
  });

describe('mayChangeCorpus', () => {
  it('lets Manage Server, a moderator role and an owner change it in an admin server', () => {
    expect(mayChangeCorpus(command({ guild: ADMIN_GUILD, permissions: PermissionFlagsBits.ManageGuild }), access)).toBe(true);
    expect(mayChangeCorpus(command({ guild: ADMIN_GUILD, roles: [MODERATORS] }), access)).toBe(true);
    expect(mayChangeCorpus(command({ guild: ADMIN_GUILD, user: OWNER }), access)).toBe(true);
    expect(mayChangeCorpus(button({ guild: ADMIN_GUILD, roles: [MODERATORS] }), access)).toBe(true);
  });

  it('refuses members without them, every member of another server (even with every permission), and DMs (even the owner)', () => {
    expect(mayChangeCorpus(command({ guild: ADMIN_GUILD, roles: ['500000000000000002'] }), access)).toBe(false);
    expect(
      mayChangeCorpus(
        command({ guild: OTHER_GUILD, permissions: PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild, roles: [MODERATORS] }),
        access,
      ),
    ).toBe(false);
    expect(mayChangeCorpus(command({ guild: OTHER_GUILD, user: OWNER }), access)).toBe(false);
    expect(mayChangeCorpus(command({ user: OWNER }), access)).toBe(false);
    expect(mayChangeCorpus(button({ guild: OTHER_GUILD, permissions: PermissionFlagsBits.ManageGuild }), access)).toBe(false);
  });

  it('refuses everyone when no admin server is configured', () => {
    expect(mayChangeCorpus(command({ guild: ADMIN_GUILD, user: OWNER, permissions: PermissionFlagsBits.ManageGuild }), { ...access, adminGuildIds: [] })).toBe(
      false,
    );
  });
});

describe('isModerator', () => {
  it('is Manage Server or a configured role, in a server only', () => {
    expect(isModerator(command({ guild: OTHER_GUILD, permissions: PermissionFlagsBits.ManageGuild }), [])).toBe(true);
    expect(isModerator(command({ guild: OTHER_GUILD, roles: [MODERATORS] }), [MODERATORS])).toBe(true);
    expect(isModerator(command({ guild: OTHER_GUILD, roles: [MODERATORS] }), [])).toBe(false);
    expect(isModerator(command({}), [MODERATORS])).toBe(false);
  });
});
