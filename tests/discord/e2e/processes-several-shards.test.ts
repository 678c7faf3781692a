/**
 * `npm run start:sharded` with more than one shard per process (TOTAL_SHARDS=2, SHARDS_PER_PROCESS=2):
 * the compiled ShardingManager forks one bot process that connects shards 0 and 1 itself, REST through
 * the @discordjs/proxy, against the emulator in this process (which routes each server's events to
 * shard (guild_id >> 22) % 2, as Discord does).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { InteractionHandle } from '@kursk/discord-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, COMPILED_SHARDED, startBotProcess, type BotProcess } from '../../helpers/bot-process.js';
import { assertWithinDiscordLimits } from '../../helpers/discord-limits.js';
import { logLines, waitUntil } from '../../helpers/harness.js';

let bot: BotProcess;

beforeAll(async () => {
  buildOnce();
  bot = await startBotProcess({
    command: [process.execPath, COMPILED_SHARDED],
    shards: 2,
    readyMessage: 'all processes connected',
    env: { SEARCH_MEANING: 'off', TOTAL_SHARDS: '2', SHARDS_PER_PROCESS: '2' },
  });
}, 150_000);

afterAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed
  await bot?.stop();
}, 60_000);

/** The one bot process the manager started. */
const botPid = () => logLines(bot, 'process started')[0]?.['pid'];

/** The shard [id, count] of the gateway session that carried this interaction to the bot. */
const shardThatCarried = (handle: InteractionHandle) =>
  bot.emulator.connections.find((connection) => connection.sent.some((payload) => isInteractionCreate(payload, handle.id)))?.session?.shard;
const isInteractionCreate = (payload: unknown, id: string) => {
  const dispatch = payload as { t?: unknown; d?: { id?: unknown } } | null;
  return dispatch?.t === 'INTERACTION_CREATE' && dispatch.d?.id === id;
};

/** Asks in server `shard` (so on that shard). */
const ask = async (shard: number, question: string) => {
  const handle = bot.emulator.sendChatInput({ name: 'ask', guildId: bot.guildIds[shard]!, user: bot.users.member, options: { question } });
  const reply = await handle.reply();
  assertWithinDiscordLimits(reply.data);
  expect(shardThatCarried(handle)).toEqual([shard, 2]);
  return JSON.stringify(reply.data);
};

/** A moderator's corpus change: waits for its answer (the deferred reply's edit). */
const change = async (handle: InteractionHandle) => {
  const edit = await handle.waitForEdit(undefined, 30_000);
  expect(shardThatCarried(handle)?.[1]).toBe(2);
  return JSON.stringify(edit.data);
};

/** How the bot logs the end of its work on an interaction (bot.ts): one line each. */
const OUTCOMES = new Set(['interaction', 'interaction failed', 'interaction not usable']);

// Each interaction is answered once: a second handler for it (one per shard, say) would log a second
// outcome and send a second answer, which Discord refuses (40060). Checked once the bot has logged an
// outcome for every interaction and then sent and logged nothing for a second.
afterEach(async () => {
  const handles = [...bot.emulator.interactions.values()];
  const outcomes = () => bot.log.filter((line) => OUTCOMES.has(line.message));
  await waitUntil(() => outcomes().length >= handles.length, 30_000, 'an outcome logged for every interaction');
  let seen = -1;
  let changedAt = Date.now();
  await waitUntil(
    () => {
      const now = bot.log.length + bot.emulator.requests.length;
      if (now !== seen) [seen, changedAt] = [now, Date.now()];
      return Date.now() - changedAt >= 1_000;
    },
    30_000,
    'the bot to fall quiet',
  );
  expect(outcomes()).toHaveLength(handles.length);
  for (const handle of handles) {
    expect(handle.callbacks, `callbacks of interaction ${handle.id}`).toHaveLength(1);
    expect(handle.followUps, `follow-ups of interaction ${handle.id}`).toEqual([]);
    expect(handle.rejections, `refused answers to interaction ${handle.id}`).toEqual([]);
  }
}, 70_000);

describe('npm run start:sharded: two shards in one process', () => {
  it('connects both shards from one process, which answers the server on each', async () => {
    expect(logLines(bot, 'starting processes').map((line) => line['processes'])).toEqual([[[0, 1]]]);
    expect(logLines(bot, 'process started').map((line) => line['shards'])).toEqual([[0, 1]]);
    expect(logLines(bot, 'all processes connected').map((line) => line['processes'])).toEqual([1]);
    // Two IDENTIFYs in all, one per shard, and only one process to send them: the client that logged in
    // there sees both shards' servers.
    const identified = bot.emulator.connections.filter((connection) => connection.kind === 'identify').map((connection) => connection.session?.shard);
    expect(identified).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    expect(identified).toHaveLength(2);
    // The process logs "connected" as it tells the manager it is ready: the line may come a moment later.
    await waitUntil(() => logLines(bot, 'connected').length > 0, 10_000, 'the bot process to log "connected"');
    expect(logLines(bot, 'connected').map((line) => [line['pid'], line['guilds']])).toEqual([[botPid(), 2]]);

    expect(await ask(0, 'what did jake sullivan say about nukes')).toContain('004 ¶6');
    expect(await ask(1, 'what did jake sullivan say about nukes')).toContain('004 ¶6');
    // Each server's question was handled once, in that one process (it logs after answering).
    const asked = () => logLines(bot, 'interaction').filter((line) => line['command'] === 'ask');
    await waitUntil(() => asked().length >= 2, 10_000, 'both questions to be logged');
    expect(asked().map((line) => [line['guild'], line['pid']])).toEqual([
      [bot.guildIds[0], botPid()],
      [bot.guildIds[1], botPid()],
    ]);
  });

  it('serves a /corpus add made on one shard from the other, and says one process serves it', async () => {
    const attachment = bot.emulator.addAttachment('901.md', '---\nid: 901\n---\n\nThe harbourmaster logged nine dirigibles at dawn.\n', {
      contentType: 'text/markdown; charset=utf-8',
    });
    const answer = await change(
      bot.emulator.sendChatInput({ name: 'corpus', subcommand: 'add', options: { file: attachment.id }, guildId: bot.guildIds[0]!, user: bot.users.manager }),
    );
    expect(answer).toContain('Report added');
    expect(answer).toContain('Served by 1 of 1 processes.');
    expect(await ask(1, 'dirigibles at dawn')).toContain('901 ¶1');
    expect(await ask(0, 'dirigibles at dawn')).toContain('901 ¶1');
  });

  it('serves a /reload made on the other shard from both, and makes the change once', async () => {
    await writeFile(
      path.join(bot.corpusDir, '900-several-shards.md'),
      '---\nid: 900\n---\n\nThe quartermaster counted seventeen zeppelins over the harbour.\n',
    );
    const answer = await change(bot.emulator.sendChatInput({ name: 'reload', guildId: bot.guildIds[1]!, user: bot.users.manager }));
    expect(answer).toContain('Sources added');
    expect(answer).toContain('Served by 1 of 1 processes.');
    expect(await ask(0, 'zeppelins over the harbour')).toContain('900 ¶1');
    expect(await ask(1, 'zeppelins over the harbour')).toContain('900 ¶1');
    // Two changes so far (the add, this reload), each made once by the one process and spread to no other.
    expect(logLines(bot, 'corpus change started').map((line) => line['by'])).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(logLines(bot, 'corpus change spread').map((line) => [line['processes'], line['serving'], line['failed']])).toEqual([
      [1, 1, []],
      [1, 1, []],
    ]);
  });

  it('restarts the process when it dies, with both its shards and the current corpus', async () => {
    const first = botPid() as number;
    process.kill(first, 'SIGKILL');
    await waitUntil(() => logLines(bot, 'process started').length === 2, 30_000, 'the manager to restart the process');
    expect(logLines(bot, 'process exited; restarting it').map((line) => [line['shards'], line['pid'], line['signal']])).toEqual([[[0, 1], first, 'SIGKILL']]);
    const restarted = logLines(bot, 'process started')[1]!;
    expect(restarted['shards']).toEqual([0, 1]);
    await bot.emulator.waitForReady({ shardCount: 2, timeoutMs: 60_000 });
    await waitUntil(() => logLines(bot, 'connected').length === 2, 30_000, 'the new process to log "connected"');
    expect(logLines(bot, 'connected')[1]?.['pid']).toBe(restarted['pid']);
    expect(logLines(bot, 'connected')[1]?.['guilds']).toBe(2);
    expect(await ask(0, 'dirigibles at dawn')).toContain('901 ¶1');
    expect(await ask(1, 'zeppelins over the harbour')).toContain('900 ¶1');
  }, 90_000);
});
