/**
 * End-to-end harness: the real bot (createBot + a real Library over a copy of corpus/) logged in
 * to the Discord emulator, with an in-memory log. Nothing of ours is mocked.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiscordEmulator, formatViolation, snowflake } from '@kursk/discord-emulator';
import type { ChatInputOptions, EmulatedMessage, InteractionEvent, InteractionHandle } from '@kursk/discord-emulator';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { formatCorpusError } from '../../src/corpus/model.js';
import { createBot, type Bot, type BotOptions } from '../../src/discord/bot.js';
import type { BotMonitor } from '../../src/discord/monitoring.js';
import { PublicAnswerLimiter } from '../../src/discord/public-answer-limiter.js';
import { registerCommands } from '../../src/discord/register-commands.js';
import type { SearchQueue } from '../../src/discord/search-queue.js';
import type { FetchOptions } from '../../src/import/fetch-page.js';
import { Library } from '../../src/library/library.js';
import { createLogger } from '../../src/log.js';
import { assertRecordedRepliesOk } from './discord-limits.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS_DIR = path.join(REPO_ROOT, 'corpus');

/** A small extra report for tests that add a source. */
export const QUOKKA_REPORT = [
  '---',
  'id: 005',
  'title: Quokka sightings near the Seym river',
  'publisher: Test Wire',
  '---',
  '',
  'Residents of a village on the Seym river reported a herd of quokkas crossing the frozen water at dawn.',
  '',
  'Local officials said the animals were last seen heading north towards the forest.',
  '',
].join('\n');

export interface LogLine {
  readonly time: string;
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly [field: string]: unknown;
}

export interface Harness {
  readonly emulator: DiscordEmulator;
  readonly bot: Bot;
  readonly library: Library;
  /** The temp copy of corpus/ the bot reads (tests may edit it, then /reload). */
  readonly corpusDir: string;
  readonly log: LogLine[];
  /** The operator's server (ADMIN_GUILD_IDS): the only one /reload and /corpus are registered in. */
  readonly guildId: string;
  /** Another server the bot is in: its owner (users.stranger) has every permission there. */
  readonly otherGuildId: string;
  readonly moderatorRoleId: string;
  /**
   * User ids: the admin server's owner, two plain members, one with Manage Server, one with the
   * moderator role; the operator's account (OWNER_USER_IDS, a plain member of the admin server);
   * the owner of the other server.
   */
  readonly users: {
    readonly owner: string;
    readonly plain: string;
    readonly other: string;
    readonly manager: string;
    readonly moderator: string;
    readonly operator: string;
    readonly stranger: string;
  };
  /** Dispatch a slash command (default: in the guild, by the plain member). */
  command(options: ChatInputOptions): InteractionHandle;
  /** /ask and wait for the first callback. */
  ask(question: string, extra?: Partial<ChatInputOptions>): Promise<{ handle: InteractionHandle; reply: InteractionEvent }>;
  /** Writes a file in the temp corpus folder. */
  writeCorpusFile(name: string, text: string): Promise<void>;
  readCorpusFile(name: string): Promise<string>;
  /** Requests of emulator.requests already checked by assertRecordedRepliesOk. */
  checkedRequests: number;
  /** Entries of emulator.specViolations already reported. */
  checkedSpecViolations: number;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Flood limits for public answers; by default none, since tests ask many questions quickly. */
  readonly publicAnswers?: PublicAnswerLimiter;
  /** The folder the temp corpus copy is made in (default: the OS temp folder). */
  readonly corpusParent?: string;
  /** Leave ADMIN_GUILD_IDS empty (default: the first server is the admin server). */
  readonly noAdminGuild?: boolean;
  /** Metrics and health, as METRICS_PORT gives the bot: it watches the corpus and the bot's gateway. */
  readonly monitor?: BotMonitor;
  /** How /corpus add-url fetches pages (tests of it allow their loopback page server here). */
  readonly pageFetch?: FetchOptions;
  /** The gateway's heartbeat interval (default 200 ms, so heartbeat tests are quick; Discord's is 41 s). */
  readonly heartbeatIntervalMs?: number;
  /** The bot's search queue (default: the bot's own default limits). */
  readonly searches?: SearchQueue;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const moderatorRoleId = snowflake();
  const ids = {
    owner: snowflake(),
    plain: snowflake(),
    other: snowflake(),
    manager: snowflake(),
    moderator: snowflake(),
    operator: snowflake(),
    stranger: snowflake(),
  };
  const emulator = new DiscordEmulator({
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 200,
    guilds: [
      {
        name: 'Kursk Desk',
        ownerId: ids.owner,
        roles: [
          { name: 'Managers', permissions: PermissionFlagsBits.ManageGuild },
          { id: moderatorRoleId, name: 'Moderators', permissions: 0n },
        ],
        members: [
          { user: { id: ids.owner, username: 'owner' } },
          { user: { id: ids.plain, username: 'plain' } },
          { user: { id: ids.other, username: 'other' } },
          { user: { id: ids.manager, username: 'manager' }, roles: ['Managers'] },
          { user: { id: ids.moderator, username: 'moderator' }, roles: ['Moderators'] },
          { user: { id: ids.operator, username: 'operator' } },
        ],
      },
      {
        name: 'Elsewhere',
        ownerId: ids.stranger,
        members: [{ user: { id: ids.stranger, username: 'stranger' } }, { user: { id: snowflake(), username: 'bystander' } }],
      },
    ],
  });
  await emulator.start();
  // What startBot made before it failed, to undo.
  const made: { corpusDir?: string; bot?: Bot } = {};
  try {
    return await startBot(emulator, moderatorRoleId, ids, made, options.corpusParent ?? tmpdir(), options.noAdminGuild ?? false, {
      publicAnswers: options.publicAnswers ?? new PublicAnswerLimiter(0, 0),
      ...(options.pageFetch ? { pageFetch: options.pageFetch } : {}),
      ...(options.searches ? { searches: options.searches } : {}),
      ...(options.monitor ? { monitor: options.monitor } : {}),
    });
  } catch (error) {
    await made.bot?.stop().catch(() => undefined);
    await emulator.stop();
    if (made.corpusDir) await rm(made.corpusDir, { recursive: true, force: true });
    throw error;
  }
}

async function startBot(
  emulator: DiscordEmulator,
  moderatorRoleId: string,
  ids: Harness['users'],
  made: { corpusDir?: string; bot?: Bot },
  corpusParent: string,
  noAdminGuild: boolean,
  botOptions: BotOptions,
): Promise<Harness> {
  const corpusDir = await mkdtemp(path.join(corpusParent, 'kursk-e2e-corpus-'));
  made.corpusDir = corpusDir;
  await cp(CORPUS_DIR, corpusDir, { recursive: true, filter: (source) => source === CORPUS_DIR || source.endsWith('.md') });

  const opened = await Library.open(corpusDir);
  if (!opened.ok) throw new Error(`corpus copy does not load: ${opened.errors.map(formatCorpusError).join('; ')}`);

  botOptions.monitor?.watchCorpus(opened.library);
  const log: LogLine[] = [];
  const logger = createLogger({ level: 'debug', secrets: [emulator.token], write: (line) => log.push(JSON.parse(line) as LogLine) });
  const guildId = emulator.guild().id;
  const otherGuildId = emulator.guilds[1]!.id;
  const adminGuildIds = noAdminGuild ? [] : [guildId];

  // Deploy the commands as `npm run deploy-commands` would in production (global, plus the admin
  // server's own), so interactions carry typed options.
  await registerCommands({
    DISCORD_TOKEN: emulator.token,
    DISCORD_CLIENT_ID: emulator.applicationId,
    DISCORD_API_URL: emulator.apiUrl,
    ADMIN_GUILD_IDS: adminGuildIds,
  });

  const bot = createBot(
    {
      DISCORD_TOKEN: emulator.token,
      MODERATOR_ROLE_IDS: [moderatorRoleId],
      ADMIN_GUILD_IDS: adminGuildIds,
      OWNER_USER_IDS: [ids.operator],
      DISCORD_API_URL: emulator.apiUrl,
    },
    opened.library,
    logger,
    botOptions,
  );
  made.bot = bot;
  await bot.start();
  await emulator.waitForReady();
  await waitUntil(() => log.some((line) => line.message === 'connected'), 5000, 'the bot to log "connected"');

  const harness: Harness = {
    emulator,
    bot,
    library: opened.library,
    corpusDir,
    log,
    guildId,
    otherGuildId,
    moderatorRoleId,
    users: ids,
    checkedRequests: 0,
    checkedSpecViolations: 0,
    command: (options) => emulator.sendChatInput({ user: ids.plain, ...options }),
    async ask(question, extra = {}) {
      const handle = emulator.sendChatInput({ user: ids.plain, ...extra, name: 'ask', options: { question } });
      return { handle, reply: await handle.reply() };
    },
    writeCorpusFile: (name, text) => writeFile(path.join(corpusDir, name), text, 'utf8'),
    readCorpusFile: (name) => readFile(path.join(corpusDir, name), 'utf8'),
    async stop() {
      try {
        await bot.stop();
      } finally {
        await emulator.stop();
        await rm(corpusDir, { recursive: true, force: true });
      }
    },
  };
  return harness;
}

/**
 * Registers hooks for one harness per file (default) or per test, and after every test checks each
 * reply the bot sent (see assertRecordedRepliesOk) and that every request it sent fits Discord's
 * OpenAPI spec (see packages/discord-emulator/src/openapi-check.ts). Returns a getter for the running harness.
 */
export function useHarness(scope: 'file' | 'test' = 'file', options: HarnessOptions = {}): () => Harness {
  let current: Harness | null = null;
  const start = async () => {
    current = await startHarness(options);
  };
  const stop = async () => {
    const running = current;
    current = null;
    await running?.stop();
  };
  const check = async () => {
    if (!current) return;
    await settle(current);
    const from = current.checkedRequests;
    current.checkedRequests = current.emulator.requests.length;
    for (const handle of current.emulator.interactions.values()) {
      expect(handle.acknowledged, `interaction ${handle.id} was never acknowledged`).toBe(true);
      if (handle.ackType === 5) expect(handle.edits.length, `deferred interaction ${handle.id} was never edited`).toBeGreaterThan(0);
    }
    assertRecordedRepliesOk(current.emulator, from);
    const violations = current.emulator.specViolations.slice(current.checkedSpecViolations);
    current.checkedSpecViolations = current.emulator.specViolations.length;
    expect(violations.map(formatViolation), "requests the bot sent that do not fit Discord's OpenAPI spec").toEqual([]);
  };
  if (scope === 'file') {
    beforeAll(start, 20_000);
    afterAll(stop, 20_000);
    afterEach(check);
  } else {
    beforeEach(start, 20_000);
    // One hook, so a failed check never skips the teardown.
    afterEach(async () => {
      try {
        await check();
      } finally {
        await stop();
      }
    }, 20_000);
  }
  return () => {
    if (!current) throw new Error('harness not started');
    return current;
  };
}

/** Waits until no interaction has a request in flight (a deferred one without its edit, say). */
async function settle(harness: Harness): Promise<void> {
  await waitUntil(
    () => [...harness.emulator.interactions.values()].every((h) => h.acknowledged && (h.ackType !== 5 || h.edits.length > 0)),
    3000,
    'every interaction to be answered',
  ).catch(() => undefined);
}

export async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Discord markdown back to plain text: drops a trailing "… *(whole paragraph: …)*" or
 * "… *(the paragraph goes on in …)*" pointer, "**" bold marks, and the backslash of each escape.
 */
export function unmarkdown(rendered: string): string {
  const body = rendered.replace(/ … \*\((?:whole paragraph|the paragraph goes on in) .*\)\*$/s, '');
  let out = '';
  for (let index = 0; index < body.length; index++) {
    const character = body[index]!;
    if (character === '\\' && index + 1 < body.length) {
      out += body.charAt(index + 1);
      index += 1;
    } else if (character === '*' && body[index + 1] === '*') {
      index += 1;
    } else {
      out += character;
    }
  }
  return out;
}

/**
 * The embeds of a callback, edit or follow-up as Discord shows them: those of the message the
 * emulator stored (SUPPRESS_EMBEDS hides them all there), never those of the request body.
 */
export function embedsOf(event: InteractionEvent): EmulatedMessage['embeds'] {
  return event.message?.embeds ?? [];
}

/** The content of a callback, edit or follow-up as Discord shows it (the stored message). */
export function contentOf(event: InteractionEvent): string {
  return event.message?.content ?? '';
}

/** Log lines with this message. */
export function logLines(harness: Pick<Harness, 'log'>, message: string): LogLine[] {
  return harness.log.filter((line) => line.message === message);
}

export function expectEphemeral(event: InteractionEvent): void {
  expect(event.message?.flags ?? 0, 'reply should be ephemeral (flag 64)').toSatisfy((flags: number) => (flags & 64) === 64);
}

/**
 * Checks an /ask answer field: its name cites "<source> ¶<n>", and its value, once unescaped, is a
 * verbatim slice of that paragraph as the file on disk holds it. Returns the paragraph id.
 */
export async function expectVerbatimQuote(harness: Harness, field: { name: string; value: string }): Promise<string> {
  const cited = /^([A-Za-z0-9_-]+) ¶(\d+) — /.exec(field.name);
  expect(cited, `field name "${field.name}" cites no paragraph`).not.toBeNull();
  const sourceId = cited![1]!;
  const number = cited![2]!;
  const loaded = await loadCorpus(harness.corpusDir);
  if (!loaded.ok) throw new Error(`the temp corpus does not load: ${loaded.errors.map(formatCorpusError).join('; ')}`);
  const source = loaded.corpus.sources.find((candidate) => candidate.id === sourceId);
  const paragraph = source?.paragraphs[Number(number) - 1];
  expect(paragraph, `no paragraph ${sourceId}:${number}`).toBeDefined();
  const plain = unmarkdown(field.value);
  expect(plain.length).toBeGreaterThan(20);
  expect(paragraph!.text).toContain(plain);
  expect(await harness.readCorpusFile(source!.file)).toContain(plain);
  return `${sourceId}:${number}`;
}
