/**
 * The operator's view (opt-in, METRICS_PORT): Prometheus metrics at /metrics (prom-client) and a
 * readiness check at /healthz: 200 only while every gateway shard is connected and a corpus is loaded.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Status, type Client } from 'discord.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Library } from '../library/library.js';

/** What the bot knows of an interaction once it is handled (the fields of its log line). */
export interface HandledInteraction {
  readonly kind: string;
  /** The command or button prefix, "unknown" when the bot has none of that name (labels must stay few), "none" for neither. */
  readonly handler: string;
  /** The handler's outcome; "error" for our failure, "unusable" for what the client sent. */
  readonly outcome?: string;
  readonly latencyMs: number;
}

/** The reply kinds of a question (/ask, Find in reports): what the "not covered" rate is made of. */
const QUESTION_RESULTS: ReadonlySet<string> = new Set(['answer', 'not-covered', 'no-question']);

export interface Health {
  readonly ready: boolean;
  /** Why it is not ready. */
  readonly reason?: string;
  readonly shards: readonly { readonly id: number; readonly status: string }[];
  readonly corpus?: { readonly version: string; readonly paragraphs: number };
}

export class BotMonitor {
  readonly registry = new Registry();
  private library: Library | undefined;
  private client: Client | undefined;
  private readonly interactions = new Counter({
    name: 'quotebot_interactions_total',
    help: 'Interactions handled, by kind, command (or button) and outcome',
    labelNames: ['kind', 'command', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'quotebot_interaction_duration_seconds',
    help: 'Time from receiving an interaction to having answered it',
    labelNames: ['kind', 'command'] as const,
    // Discord's 3 s to acknowledge is the line that matters.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers: [this.registry],
  });
  private readonly questions = new Counter({
    name: 'quotebot_questions_total',
    help: 'Questions answered (/ask, Find in reports) by result: answer, not-covered, no-question',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  private readonly reloads = new Counter({
    name: 'quotebot_corpus_reloads_total',
    help: 'Corpus reloads (/reload, /corpus) by result: reloaded, invalid, busy, error',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Read when scraped: the index answering then.
    const paragraphs: Gauge = new Gauge({
      name: 'quotebot_corpus_paragraphs',
      help: 'Paragraphs in the index that answers now',
      registers: [this.registry],
      collect: () => {
        if (this.library) paragraphs.set(this.library.current.paragraphCount);
      },
    });
    const info: Gauge<'version'> = new Gauge({
      name: 'quotebot_corpus_info',
      help: 'The corpus version that answers now (always 1, the version is the label)',
      labelNames: ['version'] as const,
      registers: [this.registry],
      collect: () => {
        info.reset();
        if (this.library) info.set({ version: this.library.current.corpus.version }, 1);
      },
    });
  }

  /** From now on the corpus gauges and reload counts follow `library`. */
  watchCorpus(library: Library): void {
    this.library = library;
    library.onReload((result) => this.reloads.inc({ result }));
  }

  /** Readiness follows this client's gateway shards. */
  watchGateway(client: Client): void {
    this.client = client;
  }

  recordInteraction(handled: HandledInteraction): void {
    const command = handled.handler;
    const outcome = handled.outcome ?? 'ok';
    this.interactions.inc({ kind: handled.kind, command, outcome });
    this.latency.observe({ kind: handled.kind, command }, handled.latencyMs / 1000);
    if (handled.kind !== 'autocomplete' && QUESTION_RESULTS.has(outcome)) this.questions.inc({ result: outcome });
  }

  health(): Health {
    const shards = [...(this.client?.ws.shards.values() ?? [])].map((shard) => ({ id: shard.id, status: Status[shard.status] }));
    const corpus = this.library && { version: this.library.current.corpus.version, paragraphs: this.library.current.paragraphCount };
    const reason = !corpus
      ? 'no corpus loaded yet'
      : shards.length === 0 || !this.client?.isReady()
        ? 'not connected to the gateway yet'
        : shards.some((shard) => shard.status !== Status[Status.Ready])
          ? `gateway shard not connected: ${shards
              .filter((shard) => shard.status !== Status[Status.Ready])
              .map((shard) => `${shard.id} (${shard.status})`)
              .join(', ')}`
          : undefined;
    return { ready: reason === undefined, ...(reason ? { reason } : {}), shards, ...(corpus ? { corpus } : {}) };
  }
}

export interface MonitoringServer {
  /** e.g. http://127.0.0.1:9464 */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves /metrics and /healthz on host:port (port 0: any free port). */
export async function serveMonitoring(monitor: BotMonitor, host: string, port: number): Promise<MonitoringServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/metrics') {
      monitor.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': monitor.registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    } else if (path === '/healthz') {
      const health = monitor.health();
      response.writeHead(health.ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(health));
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: try /metrics or /healthz\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostInUrl}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
