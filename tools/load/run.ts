/**
 * Load through the gateway: the Discord emulator and the real bot (the e2e harness: createBot, a real
 * Library over a copy of corpus/, all on 127.0.0.1), then `--count` /ask interactions dispatched
 * concurrently at `--rate` per second (0: as fast as possible, in waves), questions mixed from
 * tests/fixtures/eval/questions.json, from members, moderators and DMs. Reports acknowledgements within 3 s,
 * lost or doubled callbacks, dispatch → callback latency (emulator timestamps), 10062/40060
 * rejections and the event loop's delay (bot and emulator share this process), and exits non-zero
 * if any criterion fails. Bounded: it stops after --count interactions or --max-seconds.
 *
 * `--burst N` dispatches N at once instead (the answers' acknowledgements then race Discord's 3 s) and
 * reports how many were acknowledged in time, answered in full, shed with a "busy" reply, or lost.
 * `--process` runs the bot as production does instead: compiled (`npm run build`), in its own
 * process (`node dist/src/discord/main.js`), so it does not share a core with the emulator.
 * `--processes N` runs `npm run start:sharded`'s manager instead: N processes of one shard each (a
 * server on each shard, questions spread over them), REST through its proxy.
 *
 *   npx tsx tools/load/run.ts [--count 1000] [--rate 200] [--max-seconds 120] [--process | --processes 2]
 *   npx tsx tools/load/run.ts --burst 2000 [--process]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { InteractionHandle } from '@kursk/discord-emulator';
import { DiscordLimits } from '../../src/discord/limits.js';
import { loadQuestions } from '../../tests/eval/evaluate.js';
import { buildOnce, COMPILED_MAIN, COMPILED_SHARDED, startBotProcess, type BotProcess } from '../../tests/helpers/bot-process.js';
import { assertRecordedRepliesOk } from '../../tests/helpers/discord-limits.js';
import { logLines, startHarness, waitUntil, type Harness } from '../../tests/helpers/harness.js';
import { outcomeOf, tally } from '../../tests/helpers/outcomes.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '200' },
    wave: { type: 'string', default: '100' },
    'max-seconds': { type: 'string', default: '120' },
    burst: { type: 'string' },
    process: { type: 'boolean', default: false },
    processes: { type: 'string', default: '1' },
  },
});
const processes = Number(values.processes);
const ownProcess = values.process || processes > 1;
const burst = values.burst === undefined ? undefined : Number(values.burst);
const count = burst ?? Number(values.count);
const rate = Number(values.rate);
const wave = Number(values.wave);
const maxSeconds = Number(values['max-seconds']);
if (![count, rate, wave, maxSeconds].every(Number.isFinite) || count < 1 || rate < 0 || wave < 1 || !Number.isInteger(processes) || processes < 1) {
  console.error(
    'usage: tsx tools/load/run.ts [--count N] [--rate per-second, 0 = waves as fast as possible] [--wave N] [--max-seconds N] | --burst N; [--process | --processes N]',
  );
  process.exit(2);
}
const watchdog = setTimeout(() => {
  console.error(`load: still running after ${maxSeconds} s; giving up`);
  process.exit(3);
}, maxSeconds * 1000);

const processErrors: string[] = [];
process.on('unhandledRejection', (reason) => processErrors.push(String((reason as Error | undefined)?.stack ?? reason)));

async function botProcess(): Promise<BotProcess> {
  buildOnce();
  if (processes > 1)
    return startBotProcess({ command: [process.execPath, COMPILED_SHARDED], shards: processes, readyMessage: 'all processes connected', checkSpec: false });
  return startBotProcess({ command: [process.execPath, COMPILED_MAIN], checkSpec: false });
}

const questions = loadQuestions();
const mix = [...questions.answerable, ...questions.offTopic, ...questions.unanswered].map((entry) => entry.question);

const h = ownProcess ? await botProcess() : await startHarness();
const senders = ownProcess
  ? [
      ...(h as BotProcess).guildIds.flatMap((guildId) => [
        { user: (h as BotProcess).users.member, guildId },
        { user: (h as BotProcess).users.manager, guildId },
      ]),
      { user: (h as BotProcess).users.member, guildId: null },
    ]
  : [
      { user: (h as Harness).users.plain },
      { user: (h as Harness).users.owner },
      { user: (h as Harness).users.manager },
      { user: (h as Harness).users.moderator },
      { user: (h as Harness).users.plain, guildId: null },
    ];

const handles: InteractionHandle[] = [];
const send = () => {
  const index = handles.length;
  const handle = h.emulator.sendChatInput({ ...senders[index % senders.length]!, name: 'ask', options: { question: mix[(index * 7) % mix.length]! } });
  handles.push(handle);
};

const loop = monitorEventLoopDelay({ resolution: 5 });
const pace = burst !== undefined ? 'all at once' : rate > 0 ? `${rate}/s` : `waves of ${wave} as fast as possible`;
console.log(`load: ${count} /ask through the gateway, ${pace}, ${mix.length} distinct questions`);
loop.enable();
const started = Date.now();
await new Promise<void>((resolve) => {
  const tick = () => {
    if (burst !== undefined) {
      // In slices with a turn of the loop between, so the emulator records callbacks as they come
      // (Discord does not stop listening while it dispatches); all are out within about a second.
      for (let slice = 0; slice < 100 && handles.length < count; slice++) send();
      if (handles.length >= count) {
        resolve();
        return;
      }
      return setImmediate(tick);
    }
    const due = rate > 0 ? Math.min(count, Math.floor(((Date.now() - started) * rate) / 1000) + 1) : Math.min(count, handles.length + wave);
    while (handles.length < due) send();
    if (handles.length >= count) resolve();
    else setTimeout(tick, rate > 0 ? 5 : 0);
  };
  tick();
});
const dispatchedMs = Date.now() - started;
// Every interaction answered (or 10 s past the last dispatch; 60 s for a burst, whose deferred answers
// discord.js edits at most 50 a second), then a little longer to catch doubles.
await waitUntil(
  () => handles.every((handle) => outcomeOf(handle) !== 'lost') && logLines(h, 'interaction').length + logLines(h, 'interaction failed').length >= count,
  burst !== undefined ? 60_000 : 10_000,
  'every interaction to be answered',
).catch(() => undefined);
const answeredMs = Date.now() - started;
await new Promise((resolve) => setTimeout(resolve, 300));
loop.disable();

const latencies = handles
  .map((handle) => handle.ackLatencyMs)
  .filter((ms): ms is number => ms !== null)
  .sort((a, b) => a - b);
const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
const codeCount = (code: number) => h.emulator.requests.filter((request) => (request.response as { code?: number } | undefined)?.code === code).length;
let limitsProblem = '';
try {
  assertRecordedRepliesOk(h.emulator, 0);
} catch (error) {
  limitsProblem = (error as Error).message.split('\n')[0] ?? 'failed';
}
const outcomes = new Map<string, number>();
for (const line of logLines(h, 'interaction')) outcomes.set(String(line['outcome']), (outcomes.get(String(line['outcome'])) ?? 0) + 1);
const errorLines = h.log.filter((line) => line.level === 'error').length;
const pings = handles
  .flatMap((handle) => handle.callbacks)
  .filter((event) => event.pings && (event.pings.users.length || event.pings.roles.length || event.pings.everyone)).length;

const acked = handles.filter((handle) => handle.acknowledged).length;
const { inTime, answered, busy, lost, answeredOnce } = tally(handles);
const mode =
  processes > 1
    ? `${processes} bot processes (npm run start:sharded, compiled)`
    : values.process
      ? 'bot in its own process (compiled)'
      : 'bot and emulator in this process';
const ms = (ns: number) => Math.round(ns / 1e4) / 100;

const rows: { metric: string; value: string | number; criterion: string; ok: boolean | '' }[] = [
  { metric: 'mode', value: mode, criterion: '', ok: '' },
  { metric: 'interactions dispatched', value: handles.length, criterion: `= ${count}`, ok: handles.length === count },
  { metric: 'dispatch duration (s)', value: (dispatchedMs / 1000).toFixed(2), criterion: '', ok: '' },
  { metric: 'all answered after (s)', value: (answeredMs / 1000).toFixed(2), criterion: '', ok: '' },
  { metric: 'throughput (answered/s)', value: Math.round((acked / answeredMs) * 1000), criterion: '', ok: '' },
  { metric: 'acknowledged within 3 s', value: inTime, criterion: `= ${count}`, ok: inTime === count },
  { metric: 'answered in full', value: answered, criterion: '', ok: '' },
  { metric: 'shed with a "busy" reply', value: busy, criterion: '', ok: '' },
  { metric: 'lost (no answer, or left "thinking")', value: lost, criterion: '= 0', ok: lost === 0 },
  { metric: 'one callback (+ one edit if deferred)', value: answeredOnce, criterion: `= ${count}`, ok: answeredOnce === count },
  { metric: 'latency p50 (ms)', value: percentile(50), criterion: '', ok: '' },
  { metric: 'latency p90 (ms)', value: percentile(90), criterion: '', ok: '' },
  { metric: 'latency p99 (ms)', value: percentile(99), criterion: '< 3000', ok: percentile(99) < DiscordLimits.acknowledgeMs },
  { metric: 'latency max (ms)', value: latencies.at(-1) ?? NaN, criterion: '< 3000', ok: (latencies.at(-1) ?? Infinity) < DiscordLimits.acknowledgeMs },
  { metric: '10062 Unknown interaction', value: codeCount(10062), criterion: '= 0', ok: codeCount(10062) === 0 },
  { metric: '40060 Already acknowledged', value: codeCount(40060), criterion: '= 0', ok: codeCount(40060) === 0 },
  {
    metric: 'other rejected requests',
    value: h.emulator.requests.filter((r) => r.status >= 300).length - codeCount(10062) - codeCount(40060),
    criterion: '= 0',
    ok: h.emulator.requests.every((r) => r.status < 300 || [10062, 40060].includes((r.response as { code?: number } | undefined)?.code ?? -1)),
  },
  { metric: 'replies within Discord limits', value: limitsProblem || 'yes', criterion: 'yes', ok: limitsProblem === '' },
  { metric: 'replies that ping', value: pings, criterion: '= 0', ok: pings === 0 },
  {
    metric: 'error log lines / process errors',
    value: `${errorLines} / ${processErrors.length}`,
    criterion: '0 / 0',
    ok: errorLines === 0 && processErrors.length === 0,
  },
  { metric: 'event loop delay max (ms)', value: ms(loop.max), criterion: '', ok: '' },
  { metric: 'event loop delay p99 (ms)', value: ms(loop.percentile(99)), criterion: '', ok: '' },
];
console.table(rows);
console.log(`outcomes: ${[...outcomes].map(([outcome, n]) => `${outcome} ${n}`).join(' · ')}`);
for (const error of processErrors) console.error(error);

await h.stop();
clearTimeout(watchdog);
const failed = rows.filter((row) => row.ok === false);
console.log(failed.length === 0 ? 'load: PASS' : `load: FAIL (${failed.map((row) => row.metric).join('; ')})`);
process.exit(failed.length === 0 ? 0 : 1);
