/**
 * respond() builds every message body the bot sends. The bot's own flows reach its reply and edit
 * branches; this drives all three (reply, edit of a deferral, follow-up after a reply) through the
 * real discord.js Client, so each body is checked against Discord's OpenAPI spec by the emulator.
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { DISCORD_OPENAPI_FILE, DiscordEmulator, formatViolation } from '@kursk/discord-emulator';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { ChatInputCommandInteraction } from 'discord.js';
import { afterEach, expect, it } from 'vitest';
import { renderReply } from '../../src/discord/render-reply.js';
import { deferResponse, respond } from '../../src/discord/responder.js';

let emulator: DiscordEmulator | null = null;
let client: Client | null = null;
afterEach(async () => {
  await client?.destroy();
  await emulator?.stop();
  client = emulator = null;
});

const answer = renderReply({ kind: 'not-covered', question: 'best pizza in rome', nearby: [] });

it.skipIf(!existsSync(DISCORD_OPENAPI_FILE))(
  "reply, edit of a deferral and follow-up bodies all fit Discord's OpenAPI spec",
  async () => {
    const emu = (emulator = new DiscordEmulator({ heartbeatIntervalMs: 250 }));
    await emu.start();
    const bot = (client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiUrl } }));
    const ready = once(bot, Events.ClientReady);
    await bot.login(emu.token);
    await ready;
    const named = emu.guild().members[1]!.user.id;

    const handled = (run: (interaction: ChatInputCommandInteraction) => Promise<void>) =>
      new Promise<void>((resolve, reject) => {
        bot.once(Events.InteractionCreate, (interaction) => {
          if (!interaction.isChatInputCommand()) {
            reject(new Error('expected a slash command'));
            return;
          }
          run(interaction).then(resolve, reject);
        });
      });

    const replied = handled(async (interaction) => {
      await respond(interaction, answer, { ephemeral: true });
      await respond(interaction, { content: `For <@${named}>` }, { ephemeral: false, mentionUsers: [named] });
    });
    const first = emu.sendChatInput({ name: 'ask' });
    await replied;
    const deferred = handled(async (interaction) => {
      await deferResponse(interaction);
      await respond(interaction, answer);
    });
    const second = emu.sendChatInput({ name: 'ask' });
    await deferred;

    expect(first.callbacks.map((callback) => callback.callbackType)).toEqual([4]);
    expect(first.followUps).toHaveLength(1);
    expect(first.followUps[0]!.data?.allowed_mentions).toMatchObject({ parse: [], users: [named] });
    expect(second.edits).toHaveLength(1);
    expect(emu.requestsTo('POST', /^\/webhooks\/\d+\/[^/]+$/)).toHaveLength(1);
    expect(emu.specViolations.map(formatViolation)).toEqual([]);
  },
  20_000,
);
