/**
 * METRICS_PORT: /metrics and /healthz, read with real HTTP requests while the real bot runs on the
 * emulator, including a gateway connection that is lost and resumed.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotMonitor, serveMonitoring, type MonitoringServer } from '../../../src/discord/monitoring.js';
import { Library } from '../../../src/library/library.js';
import { CORPUS_DIR, QUOKKA_REPORT, useHarness, waitUntil, type Harness } from '../../helpers/harness.js';

const monitor = new BotMonitor();
const harness = useHarness('file', { monitor });
let server: MonitoringServer;

beforeAll(async () => {
  server = await serveMonitoring(monitor, '127.0.0.1', 0);
});
afterAll(() => server.close());

interface Sample {
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** The samples of one metric in Prometheus's text format. */
async function samples(name: string): Promise<Sample[]> {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const found: Sample[] = [];
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key!, value!]));
    found.push({ labels, value: Number(match[3]) });
  }
  return found;
}

/** The value of the sample whose labels include `labels` (0 when there is none, as Prometheus reads a missing series in a sum). */
async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
  const matching = (await samples(name)).filter((sample) => Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted));
  expect(matching.length, `${name} ${JSON.stringify(labels)} matches ${matching.length} samples`).toBeLessThanOrEqual(1);
  return matching[0]?.value ?? 0;
}

async function health(): Promise<{
  status: number;
  body: { ready: boolean; reason?: string; shards: { id: number; status: string }[]; corpus?: { version: string; paragraphs: number } };
}> {
  const response = await fetch(`${server.url}/healthz`);
  expect(response.headers.get('content-type')).toBe('application/json');
  return { status: response.status, body: (await response.json()) as never };
}

async function reload(h: Harness): Promise<void> {
  const handle = h.command({ name: 'reload', user: h.users.manager });
  if ((await handle.reply()).callbackType === 5) await handle.waitForEdit();
}

describe('/healthz', () => {
  it('is ready (200) with the gateway connected and a corpus loaded', async () => {
    const h = harness();
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toEqual({
      ready: true,
      shards: [{ id: 0, status: 'Ready' }],
      corpus: { version: h.library.current.corpus.version, paragraphs: h.library.current.paragraphCount },
    });
  });

  it('turns 503 while the gateway connection is lost, and ready again once the bot resumes', async () => {
    const h = harness();
    const resumed = h.emulator.waitForResume();
    // The gateway answers no new connection until released, so the bot stays disconnected meanwhile.
    h.emulator.holdGateway();
    try {
      expect(h.emulator.dropConnection()).toBe(1);
      let lost: Awaited<ReturnType<typeof health>> | undefined;
      const deadline = Date.now() + 5000;
      while (!lost && Date.now() < deadline) {
        const seen = await health();
        if (seen.status === 503) lost = seen;
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(lost, 'a 503 from /healthz after the drop').toBeDefined();
      expect(lost!.body.ready).toBe(false);
      expect(lost!.body.reason).toMatch(/^gateway shard not connected: 0 \(\w+\)$/);
      expect(lost!.body.corpus?.version).toBe(h.library.current.corpus.version);
      // Still 503 while it stays disconnected.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await health()).status).toBe(503);
    } finally {
      h.emulator.releaseGateway();
    }
    await resumed;
    expect(h.emulator.connections.at(-1)?.path).toBe('/resume');
    let ready = false;
    const deadline = Date.now() + 5000;
    while (!ready && Date.now() < deadline) ready = (await health()).status === 200;
    expect(ready, '/healthz ready again after the resume').toBe(true);
    expect((await h.ask('What did Jake Sullivan say about the nuclear program?')).reply.callbackType).toBe(4);
  });

  it('is not ready (503) before a corpus is loaded, nor before the gateway connects', async () => {
    const alone = new BotMonitor();
    const served = await serveMonitoring(alone, '127.0.0.1', 0);
    try {
      const first = await fetch(`${served.url}/healthz`);
      expect(first.status).toBe(503);
      expect(await first.json()).toEqual({ ready: false, reason: 'no corpus loaded yet', shards: [] });
      const opened = await Library.open(CORPUS_DIR);
      if (!opened.ok) throw new Error('corpus/ does not load');
      alone.watchCorpus(opened.library);
      const second = await fetch(`${served.url}/healthz`);
      expect(second.status).toBe(503);
      expect(await second.json()).toMatchObject({ ready: false, reason: 'not connected to the gateway yet' });
      expect((await fetch(`${served.url}/nothing`)).status).toBe(404);
      expect((await fetch(`${served.url}/healthz`, { method: 'POST' })).status).toBe(405);
    } finally {
      await served.close();
    }
  });
});

describe('/metrics', () => {
  it('counts interactions by command and outcome, their latency, and the "not covered" answers', async () => {
    const h = harness();
    const before = {
      answered: await value('quotebot_interactions_total', { kind: 'command', command: 'ask', outcome: 'answer' }),
      notCovered: await value('quotebot_questions_total', { result: 'not-covered' }),
      covered: await value('quotebot_questions_total', { result: 'answer' }),
      timed: await value('quotebot_interaction_duration_seconds_count', { kind: 'command', command: 'ask' }),
    };
    await h.ask('What did Jake Sullivan say about the nuclear program?');
    await h.ask('who won the world cup?');
    await h.ask('who won the world cup?');
    const unknown = h.command({ name: 'nosuch' });
    await unknown.reply();
    await waitUntil(() => h.log.filter((line) => line.message === 'interaction not usable').length > 0, 2000, 'the warning');

    expect(await value('quotebot_interactions_total', { kind: 'command', command: 'ask', outcome: 'answer' })).toBe(before.answered + 1);
    expect(await value('quotebot_questions_total', { result: 'answer' })).toBe(before.covered + 1);
    expect(await value('quotebot_questions_total', { result: 'not-covered' })).toBe(before.notCovered + 2);
    expect(await value('quotebot_interaction_duration_seconds_count', { kind: 'command', command: 'ask' })).toBe(before.timed + 3);
    // Every answer was well within Discord's 3 s, so in the 3 s bucket.
    expect(await value('quotebot_interaction_duration_seconds_bucket', { kind: 'command', command: 'ask', le: '3' })).toBe(before.timed + 3);
    // A command name the client made up is not a label of its own.
    expect(await value('quotebot_interactions_total', { kind: 'command', command: 'unknown', outcome: 'unusable' })).toBe(1);
    expect((await samples('quotebot_interactions_total')).some((sample) => sample.labels['command'] === 'nosuch')).toBe(false);
    // Event-loop lag, from prom-client's default metrics.
    expect(await samples('nodejs_eventloop_lag_seconds')).toHaveLength(1);
    expect(await value('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
  });

  it('shows the corpus that answers and counts reloads by result', async () => {
    const h = harness();
    const oldVersion = h.library.current.corpus.version;
    const oldParagraphs = h.library.current.paragraphCount;
    expect(await value('quotebot_corpus_paragraphs')).toBe(oldParagraphs);
    expect(await samples('quotebot_corpus_info')).toEqual([{ labels: { version: oldVersion }, value: 1 }]);

    await h.writeCorpusFile('005.md', QUOKKA_REPORT);
    await reload(h);
    expect(h.library.current.corpus.version).not.toBe(oldVersion);
    expect(await value('quotebot_corpus_reloads_total', { result: 'reloaded' })).toBe(1);
    expect(await value('quotebot_corpus_paragraphs')).toBe(oldParagraphs + 2);
    expect(await samples('quotebot_corpus_info')).toEqual([{ labels: { version: h.library.current.corpus.version }, value: 1 }]);

    await h.writeCorpusFile('006-broken.md', ['---', 'id: 006', 'tilte: Misspelt key', '---', '', 'A paragraph.', ''].join('\n'));
    await reload(h);
    await rm(path.join(h.corpusDir, '006-broken.md'));
    expect(await value('quotebot_corpus_reloads_total', { result: 'invalid' })).toBe(1);
    expect(await value('quotebot_corpus_reloads_total', { result: 'reloaded' })).toBe(1);
    expect(await value('quotebot_interactions_total', { kind: 'command', command: 'reload', outcome: 'invalid' })).toBe(1);
  });
});
