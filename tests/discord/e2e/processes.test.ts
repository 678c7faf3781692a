/**
 * `npm run start:sharded` as production runs it: the compiled ShardingManager (dist/src/discord/sharded.js)
 * in its own process group, two bot processes (one shard each) forked by discord.js, REST through the
 * @discordjs/proxy it starts, over a temporary copy of the corpus, against the emulator in this process.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, COMPILED_SHARDED, startBotProcess, type BotProcess } from '../../helpers/bot-process.js';
import { assertWithinDiscordLimits } from '../../helpers/discord-limits.js';
import { logLines, waitUntil } from '../../helpers/harness.js';

let bot: BotProcess;

beforeAll(async () => {
  buildOnce();
  bot = await startBotProcess({
    command: [process.execPath, COMPILED_SHARDED],
    // TOTAL_SHARDS unset: "auto", the emulator's recommended 2 (asked through the proxy).
    shards: 2,
    readyMessage: 'all processes connected',
    env: { SEARCH_MEANING: 'off' },
  });
}, 150_000);

afterAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed
  await bot?.stop();
}, 60_000);

const started = () => logLines(bot, 'process started');
const ask = async (shard: number, question: string) => {
  const reply = await bot.emulator.sendChatInput({ name: 'ask', guildId: bot.guildIds[shard]!, user: bot.users.member, options: { question } }).reply();
  assertWithinDiscordLimits(reply.data);
  return JSON.stringify(reply.data);
};
const reload = async (shard: number) => {
  const edit = await bot.emulator.sendChatInput({ name: 'reload', guildId: bot.guildIds[shard]!, user: bot.users.manager }).waitForEdit(undefined, 30_000);
  return JSON.stringify(edit.data);
};

describe('npm run start:sharded: one process per shard', () => {
  it('runs each shard in its own process, each answering its own server', async () => {
    expect(started().map((line) => line['shards'])).toEqual([[0], [1]]);
    expect(new Set(started().map((line) => line['pid'])).size).toBe(2);
    expect(bot.emulator.liveSessions.map((session) => session.shard)).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    expect(await ask(0, 'what did jake sullivan say about nukes')).toContain('004 ¶6');
    expect(await ask(1, 'what did jake sullivan say about nukes')).toContain('004 ¶6');
  });

  it('sends every REST request through the one proxy', async () => {
    const proxy = logLines(bot, 'REST proxy listening')[0]?.['url'];
    expect(proxy).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    await ask(0, 'who holds Sudzha');
    await ask(1, 'who holds Sudzha');
    const callbacks = bot.emulator.requests.filter((request) => /^\/interactions\/\d+\/[^/]+\/callback$/.test(request.path));
    expect(callbacks.length).toBeGreaterThanOrEqual(2);
    // discord.js's own client says "discord.js/14…"; the proxy's REST client names the proxy instead.
    const direct = bot.emulator.requests.filter((request) => !request.userAgent?.includes('@discordjs/proxy/'));
    // Only the test's own command registration goes straight to the emulator.
    expect(direct.map((request) => `${request.method} ${request.path}`).filter((route) => !route.includes('/commands'))).toEqual([]);
    expect(bot.emulator.requestsTo('GET', '/gateway/bot').length).toBeGreaterThanOrEqual(3);
  });

  it('serves a /reload made in one process from every process, and says so', async () => {
    await writeFile(path.join(bot.corpusDir, '900-processes.md'), '---\nid: 900\n---\n\nThe quartermaster counted seventeen zeppelins over the harbour.\n');
    const answer = await reload(1);
    expect(answer).toContain('Sources added');
    expect(answer).toContain('Served by 2 of 2 processes.');
    expect(await ask(0, 'zeppelins over the harbour')).toContain('900 ¶1');
    expect(await ask(1, 'zeppelins over the harbour')).toContain('900 ¶1');
  });

  it('makes two /corpus adds at once from different processes one after the other; both reach every process', async () => {
    // A thousand more paragraphs make each change take a second or so (each process reloads), so the two overlap.
    const filler = Array.from({ length: 1000 }, (_, n) => `Filler paragraph ${n} about the convoy, the bridge and the river crossing ${n}.`).join('\n\n');
    await writeFile(path.join(bot.corpusDir, '950-filler.md'), `---\nid: 950\n---\n\n${filler}\n`);
    const add = async (shard: number, id: string, text: string) => {
      const attachment = bot.emulator.addAttachment(`${id}.md`, `---\nid: ${id}\n---\n\n${text}\n`, { contentType: 'text/markdown; charset=utf-8' });
      const edit = await bot.emulator
        .sendChatInput({ name: 'corpus', subcommand: 'add', options: { file: attachment.id }, guildId: bot.guildIds[shard]!, user: bot.users.manager })
        .waitForEdit(undefined, 30_000);
      return JSON.stringify(edit.data);
    };
    const answers = await Promise.all([
      add(0, '901', 'The harbourmaster logged nine dirigibles at dawn.'),
      add(1, '902', 'The ferryman saw four balloons over the lighthouse.'),
    ]);
    for (const answer of answers) {
      expect(answer).toContain('Report added');
      expect(answer).toContain('Served by 2 of 2 processes.');
    }
    // The second change starts only once the first has reached every process.
    const steps = bot.log.filter((line) => line.message === 'corpus change started' || line.message === 'corpus change spread').slice(-4);
    expect(steps.map((line) => line.message)).toEqual(['corpus change started', 'corpus change spread', 'corpus change started', 'corpus change spread']);
    expect(steps.map((line) => line['by'])).toEqual(expect.arrayContaining([[0], [1]]));
    for (const shard of [0, 1]) {
      expect(await ask(shard, 'dirigibles at dawn')).toContain('901 ¶1');
      expect(await ask(shard, 'balloons over the lighthouse')).toContain('902 ¶1');
    }
  }, 60_000);

  it('restarts a process that dies, which then serves its shard with the current corpus', async () => {
    const victim = started().find((line) => (line['shards'] as number[])[0] === 1)!;
    process.kill(victim['pid'] as number, 'SIGKILL');
    await waitUntil(() => started().filter((line) => (line['shards'] as number[])[0] === 1).length === 2, 30_000, 'the manager to restart the process');
    expect(logLines(bot, 'process exited; restarting it').map((line) => [line['shards'], line['signal']])).toEqual([[[1], 'SIGKILL']]);
    await bot.emulator.waitForReady({ shardCount: 2, timeoutMs: 60_000 });
    expect(await ask(1, 'dirigibles at dawn')).toContain('901 ¶1');
    expect(await ask(0, 'what did jake sullivan say about nukes')).toContain('004 ¶6');
  }, 90_000);
});
