import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiscordEmulator, guildIdForShard, snowflake } from '@kursk/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../../src/discord/bot.js';
import { registerCommands } from '../../../src/discord/register-commands.js';
import { Library } from '../../../src/library/library.js';
import { createLogger } from '../../../src/log.js';
import { assertWithinDiscordLimits } from '../../helpers/discord-limits.js';
import { CORPUS_DIR } from '../../helpers/harness.js';

const owners = [snowflake(), snowflake()];
const guilds = [guildIdForShard(0, 2), guildIdForShard(1, 2)];
let emulator: DiscordEmulator | undefined;
let bot: Bot | undefined;
let corpusDir: string;

beforeAll(async () => {
  emulator = new DiscordEmulator({
    heartbeatIntervalMs: 200,
    guilds: guilds.map((id, shard) => ({
      id,
      name: `Shard ${shard} server`,
      ownerId: owners[shard]!,
      members: [{ user: { id: owners[shard]!, username: `owner${shard}` } }],
    })),
  });
  await emulator.start();
  corpusDir = await mkdtemp(path.join(tmpdir(), 'kursk-shards-'));
  await cp(CORPUS_DIR, corpusDir, { recursive: true, filter: (source) => source === CORPUS_DIR || source.endsWith('.md') });
  const opened = await Library.open(corpusDir);
  if (!opened.ok) throw new Error('corpus copy does not load');
  // Both servers are the operator's, so /reload works from either shard.
  await registerCommands({
    DISCORD_TOKEN: emulator.token,
    DISCORD_CLIENT_ID: emulator.applicationId,
    ADMIN_GUILD_IDS: guilds,
    DISCORD_API_URL: emulator.apiUrl,
  });
  bot = createBot(
    { DISCORD_TOKEN: emulator.token, MODERATOR_ROLE_IDS: [], ADMIN_GUILD_IDS: guilds, OWNER_USER_IDS: [], DISCORD_API_URL: emulator.apiUrl, SHARDS: 2 },
    opened.library,
    createLogger({ level: 'error', write: () => undefined }),
  );
  await bot.start();
  await emulator.waitForReady({ shardCount: 2 });
}, 20_000);

afterAll(async () => {
  await bot?.stop(0);
  await emulator?.stop();
  if (corpusDir) await rm(corpusDir, { recursive: true, force: true });
});

const ask = async (shard: number, question: string) => {
  const handle = emulator!.sendChatInput({ name: 'ask', guildId: guilds[shard]!, user: owners[shard]!, options: { question } });
  const reply = await handle.reply();
  assertWithinDiscordLimits(reply.data);
  return JSON.stringify(reply.data);
};

describe('two shards in one process', () => {
  it('connects both shards, each to its own server, and answers on each', async () => {
    expect(bot!.client.ws.shards.size).toBe(2);
    expect(bot!.client.guilds.cache.map((guild) => guild.shardId).sort()).toEqual([0, 1]);
    expect(await ask(0, 'what did jake sullivan say about nukes')).toContain('004 ¶6');
    expect(await ask(1, 'what did jake sullivan say about nukes')).toContain('004 ¶6');
  });

  it('serves a /reload made on one shard from every shard', async () => {
    await writeFile(path.join(corpusDir, '900-shards.md'), '---\nid: 900\n---\n\nThe quartermaster counted seventeen zeppelins over the harbour.\n');
    const reload = emulator!.sendChatInput({ name: 'reload', guildId: guilds[1]!, user: owners[1]! });
    const edit = await reload.waitForEdit();
    expect(JSON.stringify(edit.data)).toContain('Sources added');
    expect(await ask(0, 'zeppelins over the harbour')).toContain('900 ¶1');
  });

  it('lets an interaction under way finish before it stops', async () => {
    const reload = emulator!.sendChatInput({ name: 'reload', guildId: guilds[0]!, user: owners[0]! });
    expect((await reload.reply()).callbackType).toBe(5);
    await bot!.stop();
    expect(reload.edits.length).toBe(1);
    expect(JSON.stringify(reload.edits[0]!.data)).toContain('Corpus reloaded');
  });
});
