/** registerCommands (npm run deploy-commands) against the emulator: what Discord receives. */
import { DiscordEmulator } from '@kursk/discord-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerCommands } from '../../../src/discord/register-commands.js';

type Option = { name: string; type: number; required?: boolean; max_length?: number; min_value?: number; autocomplete?: boolean };
type Command = { name: string; type?: number; description: string; options?: Option[]; default_member_permissions?: string | null; contexts?: number[] };

let emulator: DiscordEmulator;
beforeEach(async () => {
  emulator = new DiscordEmulator({ guilds: [{ name: 'Operator' }, { name: 'Elsewhere' }] });
  await emulator.start();
});
afterEach(async () => {
  await emulator.stop();
});

function settings(guildId?: string, adminGuildIds: string[] = []) {
  return {
    DISCORD_TOKEN: emulator.token,
    DISCORD_CLIENT_ID: emulator.applicationId,
    DISCORD_API_URL: emulator.apiUrl,
    ADMIN_GUILD_IDS: adminGuildIds,
    ...(guildId ? { DISCORD_GUILD_ID: guildId } : {}),
  };
}

const names = (commands: { name: string }[]) => commands.map((command) => command.name).sort();
const PUBLIC = ['Find in reports', 'ask', 'source'];
const ADMIN = ['corpus', 'reload'];

describe('registerCommands', () => {
  it('production: /ask, /source, Find in reports globally; /reload and /corpus only in the admin server, each command once per server', async () => {
    const [admin, elsewhere] = emulator.guilds.map((guild) => guild.id);
    const result = await registerCommands(settings(undefined, [admin!]));

    expect(result).toEqual([
      { scope: 'all servers (global)', names: ['ask', 'source', 'Find in reports'] },
      { scope: `server ${admin!}`, names: ['reload', 'corpus'] },
    ]);
    expect(names(emulator.registeredCommands())).toEqual(PUBLIC);
    expect(names(emulator.registeredCommands(admin))).toEqual(ADMIN);
    expect(emulator.registeredCommands(elsewhere)).toEqual([]);
    // What a member of the admin server sees: its own commands and the global ones, none twice.
    expect(names([...emulator.registeredCommands(admin), ...emulator.registeredCommands()])).toEqual([...ADMIN, ...PUBLIC].sort());
  });

  it('without ADMIN_GUILD_IDS: /reload and /corpus are registered nowhere', async () => {
    const result = await registerCommands(settings());
    expect(result).toEqual([{ scope: 'all servers (global)', names: ['ask', 'source', 'Find in reports'] }]);
    for (const guild of emulator.guilds) expect(emulator.registeredCommands(guild.id)).toEqual([]);
    expect(names(emulator.registeredCommands())).toEqual(PUBLIC);
  });

  it('DISCORD_GUILD_ID (testing) that is not an admin server gets only the public commands', async () => {
    const [admin, testing] = emulator.guilds.map((guild) => guild.id);
    await registerCommands(settings(testing, [admin!]));
    expect(names(emulator.registeredCommands(testing))).toEqual(PUBLIC);
    expect(names(emulator.registeredCommands(admin))).toEqual(ADMIN);
    expect(emulator.registeredCommands()).toEqual([]);
  });

  it('DISCORD_GUILD_ID that is the admin server: one bulk PUT with every command, the JSON Discord expects', async () => {
    const guildId = emulator.guild().id;
    const result = await registerCommands(settings(guildId, [guildId]));

    expect(result).toEqual([{ scope: `server ${guildId}`, names: ['ask', 'source', 'Find in reports', 'reload', 'corpus'] }]);
    expect(names(emulator.registeredCommands(guildId))).toEqual([...ADMIN, ...PUBLIC].sort());
    expect(emulator.registeredCommands()).toEqual([]);
    const puts = emulator.requestsTo('PUT', `/applications/${emulator.applicationId}/guilds/${guildId}/commands`);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.status).toBe(200);
    expect(puts[0]?.authorization).toBe(`Bot ${emulator.token}`);
    const sent = puts[0]!.body as Command[];
    const byName = new Map(sent.map((command) => [command.name, command]));

    const reload = byName.get('reload')!;
    expect(reload.default_member_permissions).toBe('32');
    expect(reload.contexts).toEqual([0]);
    expect(reload.options ?? []).toEqual([]);

    const ask = byName.get('ask')!;
    expect(ask.options).toHaveLength(3);
    expect(ask.options?.[0]).toMatchObject({ name: 'question', type: 3, required: true, max_length: 300, autocomplete: true });
    expect(ask.options?.[1]).toMatchObject({ name: 'hide', type: 5 });
    expect(ask.options?.[2]).toMatchObject({ name: 'mention', type: 6 });
    const find = byName.get('Find in reports')!;
    expect(find).toMatchObject({ type: 3, contexts: [0, 1, 2] });
    expect(ask.default_member_permissions ?? null).toBeNull();
    expect(ask.contexts).toEqual([0, 1, 2]);

    const source = byName.get('source')!;
    const [sourceOption, paragraphOption] = source.options ?? [];
    expect(sourceOption).toMatchObject({ name: 'source', type: 3, required: true, autocomplete: true });
    expect(paragraphOption).toMatchObject({ name: 'paragraph', type: 4, min_value: 1 });
    expect(paragraphOption?.required ?? false).toBe(false);
    expect(source.contexts).toEqual([0, 1, 2]);

    // Slash commands need a description; a message-menu command ("Find in reports", type 3) has none.
    for (const command of sent.filter((definition) => (definition.type ?? 1) === 1)) {
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(100);
      for (const option of command.options ?? []) expect(option.name).toMatch(/^[a-z0-9_-]{1,32}$/);
    }
  });

  it('running it again overwrites in place (same command ids)', async () => {
    const guildId = emulator.guild().id;
    await registerCommands(settings(guildId, [guildId]));
    const ids = emulator.registeredCommands(guildId).map((command) => command.id);
    await registerCommands(settings(guildId, [guildId]));
    expect(emulator.registeredCommands(guildId).map((command) => command.id)).toEqual(ids);
  });

  it('a wrong token is an error, not a silent success', async () => {
    await expect(registerCommands({ ...settings(emulator.guild().id), DISCORD_TOKEN: 'not-the-token' })).rejects.toThrow();
    expect(emulator.registeredCommands(emulator.guild().id)).toEqual([]);
  });
});
