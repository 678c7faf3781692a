/**
 * The command fuzzer: fast-check properties that drive the real bot's handlers through the Discord
 * emulator with generated input (see arbitraries.ts): /ask (with hide and mention, and picked
 * suggestions), its question autocomplete, the answer buttons, "Find in reports", /source and its
 * autocomplete, /reload, and /corpus. One emulator + bot (the e2e harness, real corpus copy) serves
 * every case but /corpus; each case dispatches its interactions as fresh users, so cases can run
 * concurrently and every log line, callback and edit is attributed to its case. /corpus changes its
 * corpus folder, so it runs one case at a time on a bot of its own, whose folder is put back after
 * every case (FuzzBots).
 *
 * Every case must hold: no error logged for it (no "interaction failed"), acknowledged within 3 s,
 * exactly one callback (plus exactly one edit when deferred), no rejected request, every message
 * within Discord's limits (assertWithinDiscordLimits), nobody pinged (emulator pings empty,
 * allowed_mentions.parse = []) but the user named in /ask's mention, and only by a public answer,
 * link previews suppressed, and every quoted text verbatim from the corpus paragraph it cites and
 * from its file (suggestion previews too). Buttons do what their custom id says, or call it stale or
 * unknown; Delete works for the asker and moderators only. After every /corpus case nothing outside
 * the corpus folder has changed, and the index still quotes 004 ¶6 for the probe question unless 004
 * was removed or replaced. Used by commands.test.ts (npm test, a few hundred cases) and tools/fuzz/run.ts
 * (10,000+ cases).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ALL_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, snowflake } from '@kursk/discord-emulator';
import type { InteractionContext, InteractionEvent, InteractionHandle, OptionValues, RawOption, UserSpec } from '@kursk/discord-emulator';
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import fc from 'fast-check';
import { expect } from 'vitest';
import { SOURCE_LABEL_LENGTH } from '../../src/answer/source-label.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { formatCorpusError, type Corpus, type Source } from '../../src/corpus/model.js';
import { decode } from '../../src/discord/answer-components.js';
import { DiscordLimits } from '../../src/discord/limits.js';
import { CORPUS_CHANGE_REFUSAL } from '../../src/discord/permissions.js';
import { DEFAULT_LIMITS, SearchQueue } from '../../src/discord/search-queue.js';
import { loadQuestions } from '../eval/evaluate.js';
import { assertChoicesWithinLimits, assertRecordedRepliesOk, assertShownAsSent, assertWithinDiscordLimits } from '../helpers/discord-limits.js';
import { startHarness, unmarkdown, type Harness, type LogLine } from '../helpers/harness.js';
import {
  askOptions,
  buttonCase,
  caller,
  corpusCase,
  hostileText,
  inDm,
  messageText,
  paragraphNumber,
  pickedSuggestion,
  sourceText,
  typedQuestion,
  uploadBytes,
  type ButtonCase,
  type Caller,
  type CorpusCase,
  type MentionTarget,
  type Vocabulary,
} from './arbitraries.js';

export const PROPERTY_NAMES = ['ask', 'source', 'autocomplete', 'reload', 'askAutocomplete', 'button', 'find', 'corpus'] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];
export type FuzzPlan = Readonly<Record<PropertyName, number>>;

/** How each property is named in reports. */
export const PROPERTY_LABELS: Readonly<Record<PropertyName, string>> = {
  ask: '/ask',
  source: '/source',
  autocomplete: '/source autocomplete',
  reload: '/reload',
  askAutocomplete: '/ask autocomplete',
  button: 'answer buttons',
  find: 'Find in reports',
  corpus: '/corpus',
};

/** Properties whose cases change the bot's corpus folder: run one at a time, on a bot of their own. */
export const ISOLATED: ReadonlySet<PropertyName> = new Set(['corpus']);

/** What `npm test` runs: a few hundred cases, a few seconds. */
export const NPM_TEST_PLAN: FuzzPlan = { ask: 140, source: 100, autocomplete: 60, reload: 24, askAutocomplete: 40, button: 60, find: 40, corpus: 36 };

/** `total` cases shared out like real traffic; /reload and /corpus rebuild the index, so they get few. */
export function scaledPlan(total: number): FuzzPlan {
  const share = (fraction: number) => Math.max(1, Math.round(total * fraction));
  const plan = {
    source: share(0.2),
    autocomplete: share(0.12),
    reload: share(0.03),
    askAutocomplete: share(0.12),
    button: share(0.13),
    find: share(0.1),
    corpus: share(0.04),
  };
  return { ask: total - Object.values(plan).reduce((sum, cases) => sum + cases, 0), ...plan };
}

/** A handler that has not logged its interaction line by then is taken as hung. */
const HANDLER_TIMEOUT_MS = 15_000;
const NOBODY = { users: [], roles: [], everyone: false };
const NOT_COVERED = 'The reports do not cover this.';
const REFUSED = CORPUS_CHANGE_REFUSAL;
const CORPUS_REFUSED = REFUSED;
const STALE = 'The reports have changed since this answer was made, so it cannot be shown again. Please ask again.';
const DELETE_REFUSED = 'Only the person who asked, or a moderator, can delete this answer.';
const UNKNOWN_BUTTON = 'This button does not work any more. Please ask again.';
const NOT_PINGED = 'Nobody was mentioned: only you see this answer.';
const NO_TEXT = 'That message has no text to look up.';
/** The question every /corpus case checks the index with afterwards, and the paragraph that answers it. */
const PROBE = { question: 'what did jake sullivan say about nukes', sourceId: '004', paragraph: 6 };
const MAX_UPLOAD_BYTES = 1_000_000;
const BUSY = 'A reload is already running; try again in a moment.';

// ---------------------------------------------------------------- the bot under test

/** Log lines by the user they name, read incrementally from the harness's in-memory log. */
class LogIndex {
  private cursor = 0;
  private readonly byUser = new Map<string, LogLine[]>();
  /** Every error line ever logged, whoever it names. */
  readonly errors: LogLine[] = [];

  constructor(private readonly log: readonly LogLine[]) {}

  private sync(): void {
    while (this.cursor < this.log.length) {
      const line = this.log[this.cursor++]!;
      if (line.level === 'error') this.errors.push(line);
      const user = line['user'];
      if (typeof user !== 'string') continue;
      const lines = this.byUser.get(user);
      if (lines) lines.push(line);
      else this.byUser.set(user, [line]);
    }
  }

  /** The user's lines once the handler has logged "interaction", "interaction not usable" or "interaction failed". */
  async waitForHandled(user: string, handle: InteractionHandle, timeoutMs: number): Promise<LogLine[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.sync();
      const lines = this.byUser.get(user) ?? [];
      if (lines.some((line) => line.message === 'interaction' || line.message === 'interaction not usable' || line.message === 'interaction failed'))
        return lines;
      if (Date.now() > deadline) {
        const seen = handle.events.map((event) => `${event.kind}${event.callbackType ? `(${event.callbackType})` : ''} ${event.status}`).join(', ');
        throw new Error(`the handler logged nothing within ${timeoutMs} ms (emulator events: ${seen || 'none'})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  forget(user: string): void {
    this.byUser.delete(user);
  }
}

export interface FuzzBot {
  readonly harness: Harness;
  /** The corpus as the files on disk hold it (reloads in the fuzz never change the files). */
  readonly corpus: Corpus;
  /** File name → file text, for "is this quote in the file". */
  readonly files: ReadonlyMap<string, string>;
  readonly vocabulary: Vocabulary;
  readonly logs: LogIndex;
  /** Cases run, and cases that failed (shrinking runs included), per property. */
  readonly stats: Record<PropertyName, { executions: number; failures: number }>;
  /** Problems found outside any one case (a stray request, an error logged for nobody in particular). */
  readonly problems: string[];
  casesSinceSweep: number;
  /** How often each outcome was seen ("ask command: answer" …), to show what the input reached. */
  readonly outcomes: Map<string, number>;
  /** Users of cases that already failed on an error line (not reported twice). */
  readonly failedUsers: Set<string>;
  /** Checks recorded requests so far and forgets them (bounded memory over 10,000+ cases). */
  sweep(): void;
  /** Sweeps, then lists every problem found outside cases. */
  finalProblems(): string[];
  /**
   * For a bot of its own (ISOLATED properties): the temp folder its corpus copy is made in, three
   * folders down (a/b/<copy>, so that even "../../../x" lands inside), and what that folder held
   * outside the copy at the start.
   */
  readonly sandbox?: { readonly root: string; readonly outside: readonly string[] };
  stop(): Promise<void>;
}

/** Every entry under `root`, as sorted "/"-separated relative paths. */
async function listTree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true });
  return entries.map((entry) => entry.split(path.sep).join('/')).sort();
}

/** What the sandbox holds outside the corpus copy. */
async function outsideCorpus(root: string, corpusDir: string): Promise<string[]> {
  const copy = path.relative(root, corpusDir).split(path.sep).join('/');
  return (await listTree(root)).filter((entry) => entry !== copy && !entry.startsWith(`${copy}/`));
}

/** A bot for the fuzz; `isolated`: in a sandbox of its own (see FuzzBot.sandbox), for cases that change the corpus folder. */
export async function startFuzzBot(options: { isolated?: boolean } = {}): Promise<FuzzBot> {
  const root = options.isolated ? await mkdtemp(path.join(tmpdir(), 'kursk-fuzz-sandbox-')) : undefined;
  let harness: Harness;
  try {
    if (root) await mkdir(path.join(root, 'a', 'b'), { recursive: true });
    // The fuzz checks what each interaction gets, not load: its concurrent runners must not fill the
    // search queue to the depth at which questions are deferred (tests/discord/e2e/burst.stress.test.ts
    // and the search queue's own tests cover that).
    const searches = new SearchQueue({ ...DEFAULT_LIMITS, deferAt: 64 });
    harness = await startHarness({ searches, ...(root ? { corpusParent: path.join(root, 'a', 'b') } : {}) });
  } catch (error) {
    if (root) await rm(root, { recursive: true, force: true });
    throw error;
  }
  try {
    const loaded = await loadCorpus(harness.corpusDir);
    if (!loaded.ok) throw new Error(`corpus copy does not load: ${loaded.errors.map(formatCorpusError).join('; ')}`);
    const corpus = loaded.corpus;
    const files = new Map(await Promise.all(corpus.sources.map(async (source) => [source.file, await harness.readCorpusFile(source.file)] as const)));
    const questions = loadQuestions();
    const vocabulary: Vocabulary = {
      questions: [...questions.answerable, ...questions.offTopic, ...questions.unanswered].map((entry) => entry.question),
      sourceIds: corpus.sources.map((source) => source.id),
      labels: corpus.sources.flatMap((source) => [source.title, source.publisher].filter((label): label is string => Boolean(label))),
      paragraphIds: corpus.sources.flatMap((source) => source.paragraphs.map((paragraph) => paragraph.id)),
    };
    const sandbox = root ? { root, outside: await outsideCorpus(root, harness.corpusDir) } : undefined;
    const logs = new LogIndex(harness.log);
    const problems: string[] = [];
    let reportedErrors = 0;
    const sweep = () => {
      bot.casesSinceSweep = 0;
      const requests = harness.emulator.requests;
      const upTo = requests.length;
      try {
        assertRecordedRepliesOk(harness.emulator, 0);
      } catch (error) {
        problems.push(`recorded requests: ${(error as Error).message}`);
      }
      requests.splice(0, upTo);
    };
    const bot: FuzzBot = {
      harness,
      corpus,
      files,
      vocabulary,
      logs,
      stats: Object.fromEntries(PROPERTY_NAMES.map((name) => [name, { executions: 0, failures: 0 }])) as FuzzBot['stats'],
      problems,
      casesSinceSweep: 0,
      outcomes: new Map(),
      failedUsers: new Set(),
      sweep,
      finalProblems() {
        sweep();
        // Errors named after no case user (a client error, a failed "tell the user") count too.
        for (const line of logs.errors.slice(reportedErrors))
          if (!bot.failedUsers.has(String(line['user']))) problems.push(`error logged: ${JSON.stringify(line).slice(0, 2000)}`);
        reportedErrors = logs.errors.length;
        return [...problems];
      },
      ...(sandbox ? { sandbox } : {}),
      async stop() {
        try {
          await harness.stop();
        } finally {
          if (root) await rm(root, { recursive: true, force: true });
        }
      },
    };
    return bot;
  } catch (error) {
    await harness.stop();
    if (root) await rm(root, { recursive: true, force: true });
    throw error;
  }
}

/** The bots of a fuzz run: one for every property, and one of its own for each ISOLATED one's cases. */
export interface FuzzBots {
  readonly main: FuzzBot;
  readonly isolated: FuzzBot;
  /** The bot a property's cases run on. */
  botFor(name: PropertyName): FuzzBot;
  /** Runs and failing runs of a property. */
  stats(name: PropertyName): { executions: number; failures: number };
  /** Outcomes seen on either bot. */
  outcomes(): Map<string, number>;
  finalProblems(): string[];
  stop(): Promise<void>;
}

export async function startFuzzBots(): Promise<FuzzBots> {
  const [main, isolated] = await Promise.allSettled([startFuzzBot(), startFuzzBot({ isolated: true })]);
  if (main.status === 'rejected' || isolated.status === 'rejected') {
    for (const started of [main, isolated]) if (started.status === 'fulfilled') await started.value.stop();
    throw main.status === 'rejected' ? main.reason : (isolated as PromiseRejectedResult).reason;
  }
  const bots = { main: main.value, isolated: isolated.value };
  const botFor = (name: PropertyName) => (ISOLATED.has(name) ? bots.isolated : bots.main);
  return {
    ...bots,
    botFor,
    stats: (name) => botFor(name).stats[name],
    outcomes() {
      const all = new Map(bots.main.outcomes);
      for (const [outcome, count] of bots.isolated.outcomes) all.set(outcome, (all.get(outcome) ?? 0) + count);
      return all;
    },
    finalProblems: () => [...bots.main.finalProblems(), ...bots.isolated.finalProblems().map((problem) => `(/corpus bot) ${problem}`)],
    async stop() {
      await Promise.allSettled([bots.main.stop(), bots.isolated.stop()]);
    },
  };
}

// ---------------------------------------------------------------- cases

export interface AskCase {
  readonly question: string;
  readonly dm: boolean;
  readonly hide?: boolean;
  /** A guild member (or the asker) to point the answer at. */
  readonly mention?: MentionTarget;
}
export interface AskAutocompleteCase {
  readonly typed: string;
  readonly dm: boolean;
}
export interface FindCase {
  /** The text of the message "Find in reports" is used on. */
  readonly content: string;
  readonly dm: boolean;
}
export interface SourceCase {
  readonly source: string;
  readonly paragraph?: number;
  readonly dm: boolean;
}
export interface AutocompleteCase {
  readonly typed: string;
  /** The paragraph option, if already filled in while the source is being typed. */
  readonly paragraph?: number;
  readonly dm: boolean;
}
export type ReloadCase = Caller;

interface Sent {
  readonly handle: InteractionHandle;
  readonly user: string;
  /** Who sent it, as the emulator was told. */
  readonly who: UserSpec & { id: string };
  readonly lines: LogLine[];
  /** The handler's "interaction" line. */
  readonly line: LogLine;
}

let userCount = 0;

/** Who a message may ping (`pinged`), and whose mentions it may show without pinging them (`named`). */
interface Mentions {
  readonly pinged?: string;
  readonly named?: readonly string[];
}

/**
 * Dispatches as a fresh user (or `as`, a user of an earlier step of the case), waits for the
 * handler's log line, and checks what every case must hold. `mentions` says, per message, who it may
 * ping (nobody by default).
 */
async function send(
  bot: FuzzBot,
  dm: boolean,
  extra: Partial<InteractionContext>,
  dispatch: (context: InteractionContext & { user: UserSpec & { id: string } }) => InteractionHandle,
  options: { as?: UserSpec & { id: string }; mentions?: (event: InteractionEvent) => Mentions } = {},
): Promise<Sent> {
  const who = options.as ?? { id: snowflake(), username: `fuzz${++userCount}` };
  const user = who.id;
  const context = { ...(dm ? { guildId: null } : extra), user: who };
  const handle = dispatch(context);
  const lines = await bot.logs.waitForHandled(user, handle, HANDLER_TIMEOUT_MS);
  const errors = lines.filter((line) => line.level === 'error');
  if (errors.length > 0) bot.failedUsers.add(user);
  expect(errors, 'the handler failed (error lines logged for this interaction)').toEqual([]);
  const handled = lines.filter((line) => line.message === 'interaction');
  expect(handled, 'one "interaction" log line').toHaveLength(1);
  const button = String(handled[0]!['button']);
  const what = handled[0]!['kind'] === 'button' ? (/^ans:(post|more|del)$/.test(button) ? button : 'ans:?') : String(handled[0]!['command']);
  const loggedOutcome = handled[0]!['outcome'];
  const outcome = `${what} ${String(handled[0]!['kind'])}: ${typeof loggedOutcome === 'string' ? loggedOutcome : `${String(handled[0]!['results'])} results`}`;
  bot.outcomes.set(outcome, (bot.outcomes.get(outcome) ?? 0) + 1);

  expect(handle.acknowledged, 'acknowledged').toBe(true);
  expect(handle.ackLatencyMs, 'acknowledged within 3 s').toBeLessThan(DiscordLimits.acknowledgeMs);
  expect(
    handle.rejections.map((event) => ({ status: event.status, error: event.error })),
    'rejected requests',
  ).toEqual([]);
  expect(handle.callbacks, 'exactly one callback').toHaveLength(1);
  expect(handle.followUps, 'no follow-ups').toHaveLength(0);
  expect(handle.edits, handle.ackType === 5 ? 'a deferral is edited once' : 'no edits').toHaveLength(handle.ackType === 5 ? 1 : 0);
  for (const event of [...handle.callbacks, ...handle.edits]) {
    if (event.kind === 'edit' || event.callbackType === 4) expectInertMessage(event, options.mentions?.(event));
    if (event.callbackType === 8) assertChoicesWithinLimits(event.data?.choices);
  }
  return { handle, user, who, lines, line: handled[0]! };
}

/** Within limits, pings nobody (but `mentions.pinged`), shows its embeds and no link preview. */
function expectInertMessage(event: InteractionEvent, mentions: Mentions = {}): void {
  const where = `${event.kind}${event.callbackType ? ` ${event.callbackType}` : ''}`;
  const pinged = mentions.pinged === undefined ? [] : [mentions.pinged];
  assertWithinDiscordLimits(event.data, where);
  expect(event.pings, `${where}: the emulator's pings`).toEqual({ ...NOBODY, users: pinged });
  const allowed = event.data?.allowed_mentions;
  expect(allowed?.parse, `${where}: allowed_mentions.parse`).toEqual([]);
  expect(allowed?.users ?? [], `${where}: allowed_mentions.users`).toEqual(pinged);
  expect(allowed?.roles ?? [], `${where}: allowed_mentions.roles`).toEqual([]);
  expect(event.message?.mention_everyone, `${where}: mention_everyone`).toBe(false);
  const named = new Set([...pinged, ...(mentions.named ?? [])]);
  for (const user of event.message?.mentions ?? []) expect(named.has(user.id), `${where}: mentions ${user.id}`).toBe(true);
  expect(event.message?.mention_roles, `${where}: mention_roles`).toEqual([]);
  assertShownAsSent(event, where);
}

/** The case passed: drop what the emulator and the log index keep of it. */
function forget(bot: FuzzBot, sent: Sent): void {
  const { emulator } = bot.harness;
  for (const id of [sent.handle.originalMessageId, ...sent.handle.followUpMessageIds]) if (id) emulator.messages.delete(id);
  emulator.interactions.delete(sent.handle.id);
  bot.logs.forget(sent.user);
}

const isEphemeral = (event: InteractionEvent | undefined): boolean => ((event?.message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

/** A label the bot cut with truncate(): the plain text before "…" must be a prefix of `full`. */
function expectLabel(shown: string, full: string, max: number, what: string): void {
  const plain = unmarkdown(shown);
  // truncate() fills the limit, or stops one short rather than split a surrogate pair.
  if (shown.length >= max - 1 && shown.endsWith('…') && plain !== full)
    expect(full.startsWith(plain.slice(0, -1)), `${what}: "${plain}" is no prefix of "${full}"`).toBe(true);
  else expect(plain, what).toBe(full);
}

/** A quote as rendered (escaped, bold, maybe cut with a pointer): a verbatim prefix of the paragraph, and in its file. */
function expectVerbatim(bot: FuzzBot, source: Source, number: number, rendered: string, what: string): string {
  const paragraph = source.paragraphs[number - 1];
  expect(paragraph, `${what}: ${source.id} has no paragraph ${number}`).toBeDefined();
  const plain = unmarkdown(rendered);
  expect(plain.trim().length, `${what}: empty quote`).toBeGreaterThan(0);
  expect(paragraph!.text.startsWith(plain), `${what}: not a verbatim prefix of ${paragraph!.id}: ${JSON.stringify(plain)}`).toBe(true);
  expect(bot.files.get(source.file)?.includes(plain), `${what}: not in ${source.file}`).toBe(true);
  return plain;
}

/**
 * `shown` names `source`, cut or whole: its title, else (for a label) its publisher, else its
 * opening words in quotation marks.
 */
function expectSourceName(bot: FuzzBot, source: Source, shown: string, what: string, kind: 'label' | 'title'): void {
  const cut = shown.replace(/…$/, '');
  const name = kind === 'label' ? (source.title ?? source.publisher) : source.title;
  if (name !== undefined) {
    expect(name.startsWith(cut), `${what}: "${shown}" is not the name of ${source.id}`).toBe(true);
    return;
  }
  const opening = /^“(.*?)…?”?$/s.exec(cut);
  expect(opening, `${what}: "${shown}" is not the quoted opening of ${source.id}`).not.toBeNull();
  expect(source.paragraphs[0]?.text.startsWith(opening![1]!), `${what}: "${shown}" is not the opening of ${source.id}`).toBe(true);
  expect(bot.files.get(source.file)?.includes(opening![1]!)).toBe(true);
}

/** "004 ¶3 — <label>": a paragraph of a known source, and that source's label. */
function citedSource(bot: FuzzBot, label: string, what: string): { source: Source; number: number; rest: string } {
  const plain = unmarkdown(label);
  const cited = /^([A-Za-z0-9_-]+) ¶(\d+) — (.*)$/s.exec(plain);
  expect(cited, `${what}: "${plain}" cites no paragraph`).not.toBeNull();
  const id = cited![1]!;
  const number = cited![2]!;
  const rest = cited![3]!;
  const source = bot.corpus.sources.find((candidate) => candidate.id === id);
  expect(source, `${what}: cites unknown source ${id}`).toBeDefined();
  expect(rest.length, `${what}: "${rest}" is a short label`).toBeLessThanOrEqual(SOURCE_LABEL_LENGTH);
  expectSourceName(bot, source!, rest, what, 'label');
  return { source: source!, number: Number(number), rest };
}

// ---------------------------------------------------------------- per-command checks

export async function runAsk(bot: FuzzBot, c: AskCase): Promise<void> {
  forget(bot, await askAndCheck(bot, c));
}

/** The paragraph a picked suggestion ("¶004:3") names, if the question is one and the paragraph exists. */
function pickedParagraph(bot: FuzzBot, question: string): string | undefined {
  const picked = /^¶([A-Za-z0-9_-]{1,32}):(\d{1,6})$/.exec(question.slice(0, 300).trim());
  const source = picked ? bot.corpus.sources.find((candidate) => candidate.id === picked[1]) : undefined;
  return source?.paragraphs[Number(picked![2]) - 1]?.id;
}

/** /ask with the case's options as a fresh user; checks the reply and returns it (not yet forgotten). */
async function askAndCheck(bot: FuzzBot, c: AskCase): Promise<Sent> {
  let mentioned: string | undefined;
  const sent = await send(
    bot,
    c.dm,
    {},
    (context) => {
      const options: RawOption[] = [{ name: 'question', type: 3, value: c.question }];
      if (c.hide !== undefined) options.push({ name: 'hide', type: 5, value: c.hide });
      if (c.mention === undefined) return bot.harness.emulator.sendChatInput({ ...context, name: 'ask', options });
      // A user option carries the user in data.resolved, as answers.test.ts sends it.
      const target = c.mention === 'self' ? context.user : { id: bot.harness.users[c.mention], username: c.mention };
      mentioned = target.id;
      options.push({ name: 'mention', type: 6, value: target.id });
      const resolved = { users: { [target.id]: { id: target.id, username: target.username, discriminator: '0', avatar: null, global_name: null } } };
      return bot.harness.emulator.sendChatInput({ ...context, name: 'ask', options, resolved });
    },
    // The mentioned user is pinged by a public answer, and nobody by a private one.
    { mentions: (event) => (mentioned !== undefined && !isEphemeral(event) ? { pinged: mentioned } : {}) },
  );
  const reply = sent.handle.callbacks[0]!;
  expect(reply.callbackType, 'answered at once').toBe(4);
  const picked = pickedParagraph(bot, c.question);
  const outcome = sent.line['outcome'];
  // Public unless hidden (the flood limits are off in the harness); "no question" is always private.
  const ephemeral = c.hide === true || outcome === 'no-question';
  const note = mentioned === undefined ? undefined : ephemeral ? NOT_PINGED : `<@${mentioned}>`;
  const cited = expectAnswerReply(bot, reply, sent.line, { asked: picked ? '' : c.question.slice(0, 300), ephemeral, asker: sent.user, note });
  if (picked) expect(cited, 'a picked suggestion answers with its paragraph').toEqual([picked]);
  return sent;
}

/** The buttons of a message. */
function buttonsOf(event: InteractionEvent): { custom_id: string; label: string }[] {
  const rows = (event.message?.components ?? []) as { components?: { custom_id: string; label: string }[] }[];
  return rows.flatMap((row) => row.components ?? []);
}

/**
 * Checks a reply made of an answer ("answer", "not-covered", "no-question" as the log line says) as
 * /ask, "Find in reports" and the answer buttons send it: private or public as expected, `note` as
 * its content, the question echoed as the title, every quote verbatim, and the buttons (whose custom
 * ids carry the corpus version, the asker and the paragraphs). Returns the ids of the paragraphs
 * quoted, in order.
 */
function expectAnswerReply(
  bot: FuzzBot,
  reply: InteractionEvent,
  line: LogLine,
  expected: {
    /** The question as the bot got it ('' for none: no title). */
    readonly asked: string;
    readonly ephemeral: boolean;
    readonly asker: string;
    readonly note?: string | undefined;
    /** Quotes of given paragraphs (buttons) may repeat one and need not be search results. */
    readonly given?: boolean;
  },
): string[] {
  const embeds = reply.message?.embeds ?? [];
  const asked = expected.asked.replace(/\s+/g, ' ').trim();
  const content = reply.message?.content ?? '';
  const buttons = buttonsOf(reply);
  expect(isEphemeral(reply), expected.ephemeral ? 'private' : 'public').toBe(expected.ephemeral);
  if (line['outcome'] !== 'answer') expect(buttons, 'buttons only under quotes').toEqual([]);
  switch (line['outcome']) {
    case 'no-question':
      expect(embeds).toEqual([]);
      // The hint, then any note (a mention does not replace it).
      expect(content).toMatch(/^Ask a question about the reports/);
      if (expected.note !== undefined) expect(content.endsWith(`\n${expected.note}`), content).toBe(true);
      return [];
    case 'not-covered':
      expect(content).toBe(expected.note ?? '');
      expect(embeds).toHaveLength(1);
      {
        // "Not covered", then at most the headings or sources that came closest: corpus labels, never quotes.
        const [first, ...nearby] = (embeds[0]!.description ?? '').split('\n');
        expect(first).toBe(NOT_COVERED);
        if (nearby.length > 0) expect(nearby.slice(0, 2)).toEqual(['', 'Closest parts of the reports (see /source):']);
        for (const entry of nearby.slice(2))
          expect(
            bot.corpus.sources.some((source) => unmarkdown(entry).includes(`${source.id} `)),
            entry,
          ).toBe(true);
      }
      expect(embeds[0]!.fields ?? []).toEqual([]);
      if (asked === '') expect(embeds[0]!.title).toBeUndefined();
      else expectLabel(embeds[0]!.title ?? '', asked, DiscordLimits.embedTitle, 'title echoes the question');
      return [];
    case 'answer': {
      expect(content).toBe(expected.note ?? '');
      expect(embeds).toHaveLength(1);
      const fields = embeds[0]!.fields ?? [];
      expect(fields.length, 'quotes').toBe(line['results']);
      expect(fields.length).toBeGreaterThanOrEqual(1);
      expect(fields.length).toBeLessThanOrEqual(5);
      if (asked === '') expect(embeds[0]!.title).toBeUndefined();
      else expectLabel(embeds[0]!.title ?? '', asked, DiscordLimits.embedTitle, 'title echoes the question');
      const cited: string[] = [];
      fields.forEach((field, index) => {
        const what = `field ${index}`;
        const { source, number } = citedSource(bot, field.name, what);
        cited.push(`${source.id}:${number}`);
        const plain = expectVerbatim(bot, source, number, field.value, what);
        if (plain !== source.paragraphs[number - 1]!.text) {
          expect(field.value.endsWith(` … *(whole paragraph: /source source: ${source.id} paragraph: ${number})*`), `${what}: cut without a pointer`).toBe(
            true,
          );
        }
      });
      if (!expected.given) expect(new Set(cited).size, 'no paragraph quoted twice').toBe(fields.length);

      // Post in channel (private answers), More results (when there are more), Delete (public answers).
      const labels = buttons.map((button) => button.label);
      expect(labels, 'buttons').toEqual([
        ...(expected.ephemeral ? ['Post in channel'] : []),
        ...(labels.includes('More results') ? ['More results'] : []),
        ...(expected.ephemeral ? [] : ['Delete']),
      ]);
      const head = (action: string) => `ans:${action}:${bot.corpus.version}:${expected.asker}:`;
      for (const button of buttons) expect(button.custom_id.length, 'custom id within 100 characters').toBeLessThanOrEqual(DiscordLimits.customId);
      const post = buttons.find((button) => button.label === 'Post in channel');
      if (post && !expected.given)
        expect(post.custom_id, 'Post in channel carries the quotes shown').toBe(head('post') + cited.map((id) => id.replace(':', '.')).join(','));
      if (post) expect(post.custom_id.startsWith(head('post')), post.custom_id).toBe(true);
      const del = buttons.find((button) => button.label === 'Delete');
      if (del) expect(del.custom_id).toBe(head('del'));
      const more = buttons.find((button) => button.label === 'More results');
      if (more) {
        expect(more.custom_id.startsWith(head('more')), more.custom_id).toBe(true);
        const rest = more.custom_id.slice(head('more').length).split(',');
        expect(rest.length).toBeGreaterThan(0);
        if (!expected.given) {
          // Search results: the next passages, none of them shown already, each once.
          for (const id of rest)
            expect(bot.vocabulary.paragraphIds.includes(id.replace('.', ':')) && !cited.includes(id.replace('.', ':')), `More results: ${id}`).toBe(true);
          expect(new Set(rest).size).toBe(rest.length);
        }
      }
      return cited;
    }
    default:
      throw new Error(`unexpected outcome ${String(line['outcome'])} for an answer`);
  }
}

export async function runSource(bot: FuzzBot, c: SourceCase): Promise<void> {
  const options: RawOption[] = [{ name: 'source', type: 3, value: c.source }];
  if (c.paragraph !== undefined) options.push({ name: 'paragraph', type: 4, value: c.paragraph });
  const sent = await send(bot, c.dm, {}, (context) => bot.harness.emulator.sendChatInput({ ...context, name: 'source', options }));
  const reply = sent.handle.callbacks[0]!;
  expect(reply.callbackType).toBe(4);
  const content = reply.message?.content ?? '';
  const embeds = reply.message?.embeds ?? [];
  const source = bot.corpus.sources.find((candidate) => candidate.id === c.source.trim());
  // The number as the bot received it (JSON on the gateway: -0 → 0, 2^64 → 18446744073709552000).
  const number = c.paragraph === undefined ? undefined : (JSON.parse(JSON.stringify(c.paragraph)) as number);

  if (!source) {
    expect(sent.line['outcome']).toBe('unknown-source');
    expect(isEphemeral(reply), 'unknown source is private').toBe(true);
    const known = `”. Sources: ${bot.corpus.sources.map((known) => known.id).join(', ')}.`;
    expect(content.startsWith('There is no source “'), content).toBe(true);
    if (content.endsWith(known)) expect(unmarkdown(content.slice('There is no source “'.length, -known.length)), 'the id is echoed escaped').toBe(c.source);
    else expectLabel(content.slice('There is no source “'.length), `${c.source}${known}`, DiscordLimits.messageContent - 'There is no source “'.length, 'echo');
  } else if (number === undefined) {
    expect(sent.line['outcome']).toBe('source');
    expect(isEphemeral(reply)).toBe(false);
    expect(embeds).toHaveLength(1);
    const card = embeds[0]!;
    const title = unmarkdown(card.title ?? '');
    expect(title.startsWith(`${source.id} — `), `card title ${title}`).toBe(true);
    expectSourceName(bot, source, title.slice(`${source.id} — `.length), 'card title', 'label');
    if (source.copyright) expectLabel(card.description ?? '', source.copyright, 500, 'copyright');
    const fields = Object.fromEntries((card.fields ?? []).map((field) => [field.name, unmarkdown(field.value)]));
    expect(fields['Paragraphs']).toBe(String(source.paragraphs.length));
    expect(fields['Publisher']).toBe(source.publisher);
    expect(fields['Date']).toBe(source.date);
    expect(fields['Language']).toBe(source.language);
  } else if (!Number.isSafeInteger(number) || number < 1 || number > source.paragraphs.length) {
    expect(sent.line['outcome']).toBe('unknown-paragraph');
    expect(isEphemeral(reply), 'unknown paragraph is private').toBe(true);
    expect(content).toBe(`Source ${source.id} has paragraphs 1 to ${source.paragraphs.length}; there is no paragraph ${number}.`);
  } else {
    expect(sent.line['outcome']).toBe('paragraph');
    expect(isEphemeral(reply)).toBe(false);
    expect(embeds).toHaveLength(1);
    const embed = embeds[0]!;
    const cited = citedSource(bot, embed.title ?? '', 'title');
    expect(`${cited.source.id}:${cited.number}`, 'cites the paragraph asked for').toBe(`${source.id}:${number}`);
    const paragraph = source.paragraphs[number - 1]!;
    let description = embed.description ?? '';
    if (paragraph.heading) {
      const heading = /^\*\*((?:\\.|[^\\])*?)\*\*\n/s.exec(description);
      expect(heading, 'heading first, in bold').not.toBeNull();
      expect(unmarkdown(heading![1]!)).toBe(paragraph.heading);
      description = description.slice(heading![0].length);
    }
    const plain = expectVerbatim(bot, source, number, description, 'description');
    if (plain !== paragraph.text) expect(description, 'cut without saying so').toMatch(/ … \*\(the paragraph goes on in .+\)\*$/s);
    const neighbours = [number > 1 && `previous: ${source.id}:${number - 1}`, number < source.paragraphs.length && `next: ${source.id}:${number + 1}`]
      .filter(Boolean)
      .join(' · ');
    expect(embed.footer?.text).toBe(neighbours || 'the only paragraph');
  }
  forget(bot, sent);
}

export async function runAutocomplete(bot: FuzzBot, c: AutocompleteCase): Promise<void> {
  const options: RawOption[] = [{ name: 'source', type: 3, value: c.typed }];
  if (c.paragraph !== undefined) options.push({ name: 'paragraph', type: 4, value: c.paragraph });
  const sent = await send(bot, c.dm, {}, (context) => bot.harness.emulator.sendAutocomplete({ ...context, name: 'source', options, focused: 'source' }));
  const reply = sent.handle.callbacks[0]!;
  expect(reply.callbackType).toBe(8);
  const choices = reply.data?.choices ?? [];
  expect(sent.line['results']).toBe(choices.length);
  const values = choices.map((choice) => String(choice.value));
  expect(new Set(values).size, 'no source offered twice').toBe(values.length);
  for (const choice of choices) {
    const source = bot.corpus.sources.find((candidate) => candidate.id === choice.value);
    expect(source, `choice value ${String(choice.value)} is a source id`).toBeDefined();
    expect(choice.name.startsWith(`${source!.id} · `), choice.name).toBe(true);
    expectSourceName(bot, source!, choice.name.slice(`${source!.id} · `.length), 'choice name', 'title');
  }
  const typed = c.typed.trim();
  if (typed === '') expect(values).toEqual(bot.corpus.sources.slice(0, DiscordLimits.autocompleteChoices).map((source) => source.id));
  if (bot.vocabulary.sourceIds.includes(typed)) expect(values, 'an exact id is offered').toContain(typed);
  forget(bot, sent);
}

/**
 * Who /reload and /corpus should obey: Manage Server (or Administrator) or the moderator role, in the
 * operator's admin server only (never in another server, whatever the member's permissions there).
 */
export function isModeratorCaller(c: ReloadCase): boolean {
  if (c.dm || c.elsewhere) return false;
  const permissions = c.permissions ?? DEFAULT_EVERYONE_PERMISSIONS | (c.roles.includes('Managers') ? PermissionFlagsBits.ManageGuild : 0n);
  return (permissions & (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) !== 0n || c.roles.includes('Moderators');
}

/** Where and as whom a caller sends: the admin server with its roles, or the other server with its permissions. */
function callerContext(bot: FuzzBot, c: ReloadCase): Partial<InteractionContext> {
  if (c.elsewhere) return { guildId: bot.harness.otherGuildId, permissions: c.permissions ?? ALL_PERMISSIONS };
  return { roles: [...c.roles], ...(c.permissions !== undefined ? { permissions: c.permissions } : {}) };
}

export async function runReload(bot: FuzzBot, c: ReloadCase): Promise<void> {
  const extra = callerContext(bot, c);
  const sent = await send(bot, c.dm, extra, (context) => bot.harness.emulator.sendChatInput({ ...context, name: 'reload' }));
  const reply = sent.handle.callbacks[0]!;
  if (!isModeratorCaller(c)) {
    expect(sent.line['outcome']).toBe('refused');
    expect(reply.callbackType).toBe(4);
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.message?.content).toBe(REFUSED);
  } else {
    expect(reply.callbackType, 'a moderator reload is deferred').toBe(5);
    expect(isEphemeral(reply), 'the deferral is private').toBe(true);
    const edit = sent.handle.edits[0]!;
    expect(isEphemeral(edit)).toBe(true);
    if (sent.line['outcome'] === 'busy') {
      expect(edit.message?.content).toBe(BUSY);
    } else {
      expect(sent.line['outcome']).toBe('reloaded');
      const embed = edit.message?.embeds[0];
      expect(embed?.title).toBe('Corpus reloaded');
      expect(embed?.description, 'the files did not change').toBe('Nothing changed.');
      const paragraphs = bot.corpus.sources.reduce((sum, source) => sum + source.paragraphs.length, 0);
      expect(embed?.footer?.text).toBe(`${bot.corpus.sources.length} sources, ${paragraphs} paragraphs · version ${bot.corpus.version}`);
    }
  }
  forget(bot, sent);
}

export async function runAskAutocomplete(bot: FuzzBot, c: AskAutocompleteCase): Promise<void> {
  const sent = await send(bot, c.dm, {}, (context) =>
    bot.harness.emulator.sendAutocomplete({ ...context, name: 'ask', options: [{ name: 'question', type: 3, value: c.typed }], focused: 'question' }),
  );
  const reply = sent.handle.callbacks[0]!;
  expect(reply.callbackType).toBe(8);
  const choices = reply.data?.choices ?? [];
  expect(sent.line['results']).toBe(choices.length);
  if (c.typed.slice(0, 300).trim().length < 3) expect(choices, 'nothing offered for fewer than three letters').toEqual([]);
  const values = choices.map((choice) => String(choice.value));
  expect(new Set(values).size, 'no paragraph offered twice').toBe(values.length);
  for (const choice of choices) {
    expect(choice.name.length).toBeLessThanOrEqual(DiscordLimits.autocompleteChoiceName);
    // The value picks a paragraph ("¶004:3"); the name is "<citation> · <its opening words>[…]".
    const picked = /^¶(.+):(\d+)$/.exec(String(choice.value));
    expect(picked, `choice value ${String(choice.value)}`).not.toBeNull();
    const source = bot.corpus.sources.find((candidate) => candidate.id === picked![1]);
    const paragraph = source?.paragraphs[Number(picked![2]) - 1];
    expect(paragraph, `choice value ${String(choice.value)} is a paragraph`).toBeDefined();
    const label = `${source!.id} ¶${paragraph!.number} · `;
    expect(choice.name.startsWith(label), `choice name ${choice.name} starts with ${label}`).toBe(true);
    const preview = choice.name.slice(label.length);
    if (preview !== paragraph!.text) {
      expect(preview.endsWith('…'), `a cut preview ends with "…": ${preview}`).toBe(true);
      const shown = preview.slice(0, -1);
      expect(shown.trim().length, 'preview not empty').toBeGreaterThan(0);
      expect(paragraph!.text.startsWith(shown), `preview not verbatim: ${JSON.stringify(shown)}`).toBe(true);
      expect(bot.files.get(source!.file)?.includes(shown)).toBe(true);
    }
  }
  forget(bot, sent);
}

export async function runFind(bot: FuzzBot, c: FindCase): Promise<void> {
  const sent = await send(bot, c.dm, {}, (context) =>
    bot.harness.emulator.sendMessageCommand({ ...context, name: 'Find in reports', target: { content: c.content } }),
  );
  const reply = sent.handle.callbacks[0]!;
  expect(reply.callbackType).toBe(4);
  // At most the first 1,000 characters are looked up; the answer is always private, with "Post in channel".
  const text = c.content.slice(0, 1000);
  if (text.trim() === '') {
    expect(sent.line['outcome']).toBe('no-text');
    expect(reply.message?.content).toBe(NO_TEXT);
    expect(reply.message?.embeds ?? []).toEqual([]);
    expect(isEphemeral(reply)).toBe(true);
  } else {
    expectAnswerReply(bot, reply, sent.line, { asked: text, ephemeral: true, asker: sent.user });
  }
  const target = (sent.handle.payload['data'] as { target_id?: string } | undefined)?.target_id;
  if (target) bot.harness.emulator.messages.delete(target);
  forget(bot, sent);
}

/**
 * What a custom id should do: decoded by the bot's own decoder (src/discord/buttons/answer-buttons.ts).
 * `ids` is undefined when one of them is not written "<source>.<n>" (or "<source>:<n>"): then the bot
 * may quote what it makes of it, or call the answer stale.
 */
function decodeButton(
  customId: string,
): { action: 'post' | 'more' | 'del'; version: string; asker: string; raw: string[]; ids: string[] | undefined } | undefined {
  const decoded = decode(customId);
  if (!decoded) return undefined;
  const ids: string[] = [];
  for (const id of decoded.ids) {
    const written = /^(.*):(\d+)$/.exec(id);
    if (!written) return { ...decoded, asker: decoded.askerId, raw: decoded.ids, ids: undefined };
    ids.push(`${written[1]!}:${Number(written[2])}`);
  }
  return { ...decoded, asker: decoded.askerId, raw: decoded.ids, ids };
}

export async function runButton(bot: FuzzBot, c: ButtonCase): Promise<void> {
  const asked = await askAndCheck(bot, { question: c.question, dm: c.dm, hide: c.hide });
  bot.logs.forget(asked.user);
  const answer = asked.handle.callbacks[0]!;
  const message = asked.handle.message!;
  const version = bot.corpus.version;
  const shown = (answer.message?.embeds[0]?.fields ?? []).map((field) => /(\S+) ¶(\d+) — /.exec(unmarkdown(field.name))!.slice(1, 3).join('.'));
  const made = (action: string, parts: { version?: string; asker?: string; ids?: readonly string[] } = {}) =>
    `ans:${action}:${parts.version ?? version}:${parts.asker ?? asked.user}:${action === 'del' ? '' : (parts.ids ?? shown).join(',')}`;
  const customId = {
    real: () => buttonsOf(answer).find((button) => button.custom_id.startsWith(`ans:${c.action}:`))?.custom_id ?? made(c.action),
    version: () => made(c.action, { version: (c.id as { version: string }).version }),
    asker: () => made(c.action, { asker: (c.id as { asker: string }).asker }),
    paragraphs: () => made(c.action, { ids: (c.id as { ids: readonly string[] }).ids }).slice(0, DiscordLimits.customId),
    raw: () => (c.id as { customId: string }).customId,
  }[c.id.kind]();

  const clicker = c.clicker === 'asker' ? { ...asked.who } : undefined;
  const extra: Partial<InteractionContext> =
    c.clicker === 'asker' ? {} : { roles: [...c.clicker.roles], ...(c.clicker.permissions !== undefined ? { permissions: c.clicker.permissions } : {}) };
  const decoded = decodeButton(customId);
  const sent = await send(bot, c.dm, extra, (context) => bot.harness.emulator.sendComponent({ ...context, customId, message }), {
    ...(clicker ? { as: clicker } : {}),
    // "Asked by <@asker>" names the asker without pinging them.
    mentions: () => ({ named: decoded ? [decoded.asker] : [] }),
  });
  const reply = sent.handle.callbacks[0]!;
  const outcome = sent.line['outcome'];
  const what = `${customId} by ${c.clicker === 'asker' ? 'the asker' : 'someone else'}`;

  if (!decoded) {
    expect(outcome, what).toBe('unknown-button');
    expect(reply.callbackType).toBe(4);
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.message?.content).toBe(UNKNOWN_BUTTON);
  } else if (decoded.action === 'del') {
    const moderator = c.clicker !== 'asker' && isModeratorCaller({ dm: c.dm, ...c.clicker });
    // The asker is who Discord recorded on the answer, whatever the custom id claims.
    if (sent.user === asked.user || moderator) {
      expect(outcome, what).toBe('deleted');
      expect(reply.callbackType).toBe(6);
      expect(
        sent.handle.events.filter((event) => event.kind === 'delete'),
        'the answer is deleted',
      ).toHaveLength(1);
      expect(bot.harness.emulator.messages.has(message.id), 'the answer is gone').toBe(false);
    } else {
      expect(outcome, what).toBe('refused');
      expect(reply.callbackType).toBe(4);
      expect(isEphemeral(reply)).toBe(true);
      expect(reply.message?.content).toBe(DELETE_REFUSED);
      expect(bot.harness.emulator.messages.has(message.id), 'the answer stays').toBe(true);
    }
  } else {
    // The bot reads a custom id as untrusted: each paragraph once, five at most.
    const unique = decoded.ids && [...new Set(decoded.ids)];
    const page = unique?.slice(0, 5);
    const exists = (id: string) => bot.vocabulary.paragraphIds.includes(id);
    const answerable = decoded.version === version && page !== undefined && page.length > 0 && page.every(exists);
    const stale = decoded.version !== version || (page !== undefined && !answerable) || (decoded.ids === undefined && outcome === 'stale');
    if (stale) {
      expect(outcome, what).toBe('stale');
      expect(reply.callbackType).toBe(4);
      expect(isEphemeral(reply)).toBe(true);
      expect(reply.message?.content).toBe(STALE);
    } else {
      expect(outcome, what).toBe(decoded.action === 'post' ? 'posted' : 'more');
      expect(reply.callbackType).toBe(4);
      const ephemeral = decoded.action === 'more';
      // The question as the answer's title showed it.
      const title = answer.message?.embeds[0]?.title;
      const reshown = { ...sent.line, outcome: 'answer' };
      const cited = expectAnswerReply(bot, reply, reshown, {
        asked: title === undefined ? '' : unmarkdown(title),
        ephemeral,
        asker: decoded.asker,
        note: ephemeral ? undefined : `Asked by <@${decoded.asker}>`,
        given: true,
      });
      if (page) expect(cited, 'the paragraphs of the custom id').toEqual(page);
      const more = buttonsOf(reply).some((button) => button.label === 'More results');
      if (ephemeral) expect(more, 'More results while there are more').toBe(new Set(decoded.raw).size > 5);
      else expect(more, 'a posted answer has no More results').toBe(false);
    }
  }
  forget(bot, sent);
  forget(bot, asked);
}

// ---------------------------------------------------------------- /corpus, on a bot of its own

/** An upload /corpus should take as text, by its name's extension and the content type sent. */
function textualUpload(name: string, contentType: string | null | undefined): boolean {
  const extension = path.extname(name.split(/[\\/]/).pop() ?? '').toLowerCase();
  const type = (contentType === undefined ? 'text/plain; charset=utf-8' : (contentType ?? '')).split(';', 1)[0]!.trim().toLowerCase();
  return (
    ['', '.md', '.markdown', '.txt', '.text'].includes(extension) &&
    (type === '' || type.startsWith('text/') || ['application/octet-stream', 'application/x-markdown', 'application/markdown'].includes(type))
  );
}

/** As the bot tells a saved page from a report upload: by its name or the type the client sent. */
function savedPage(name: string, contentType: string | null | undefined): boolean {
  return /\.x?html?$/i.test(name) || /^(text\/html|application\/xhtml\+xml)\b/i.test(contentType ?? '');
}

export async function runCorpus(bot: FuzzBot, c: CorpusCase): Promise<void> {
  const { emulator, corpusDir } = bot.harness;
  const extra = callerContext(bot, c.caller);
  let attachment: { id: string; bytes: Uint8Array } | undefined;
  const sent = await send(bot, c.caller.dm, extra, (context) => {
    if (c.sub === 'list') return emulator.sendChatInput({ ...context, name: 'corpus', subcommand: 'list' });
    if (c.sub === 'remove') return emulator.sendChatInput({ ...context, name: 'corpus', subcommand: 'remove', options: { source: c.source } });
    const { upload } = c;
    const bytes = uploadBytes(upload.body);
    const added = emulator.addAttachment(upload.name, bytes, { contentType: upload.contentType, ...(upload.size !== undefined ? { size: upload.size } : {}) });
    attachment = { id: added.id, bytes };
    const options: OptionValues = { file: added.id };
    for (const key of ['id', 'title', 'publisher'] as const) if (upload[key] !== undefined) options[key] = upload[key];
    return emulator.sendChatInput({ ...context, name: 'corpus', subcommand: 'add', options });
  });
  const first = sent.handle.callbacks[0]!;
  const final = sent.handle.edits[0] ?? first;
  const outcome = String(sent.line['outcome']);
  const embed = final.message?.embeds[0];
  const text = unmarkdown(`${embed?.title ?? ''}\n${embed?.description ?? ''}`);
  const what = `/corpus ${c.sub}: ${outcome}: ${text}`;
  expect(isEphemeral(final), 'every /corpus answer is private').toBe(true);
  const downloaded = attachment !== undefined && emulator.attachmentDownloads.includes(attachment.id);
  /** The change the bot says it made. */
  let changed: { action: string; id: string } | undefined;

  if (!isModeratorCaller(c.caller)) {
    expect(outcome).toBe('refused');
    expect(first.callbackType).toBe(4);
    expect(final.message?.content).toBe(CORPUS_REFUSED);
    expect(downloaded, 'nothing downloaded for a refused member').toBe(false);
  } else if (c.sub === 'list') {
    expect(outcome).toBe('listed');
    expect(first.callbackType).toBe(4);
    expect(sent.line['results']).toBe(bot.corpus.sources.length);
    expect(embed?.title).toBe(`Corpus: ${bot.corpus.sources.length} sources`);
    const lines = unmarkdown(embed?.description ?? '').split('\n');
    expect(
      lines.map((line) => line.split(' — ', 1)[0]),
      'one line per source',
    ).toEqual(bot.corpus.sources.map((source) => source.id));
    bot.corpus.sources.forEach((source, index) => expect(lines[index]!.endsWith(` · ${source.paragraphs.length} ¶ · ${source.file}`), lines[index]).toBe(true));
    expect(embed?.footer?.text).toContain(`version ${bot.corpus.version}`);
  } else if (c.sub === 'remove') {
    expect(first.callbackType, 'a change is deferred').toBe(5);
    const id = c.source.trim();
    const source = bot.corpus.sources.find((candidate) => candidate.id === id);
    if (source) {
      expect(outcome, what).toBe('remove');
      expect(embed?.title).toBe(`Report removed: ${id}`);
      const tree = await listTree(corpusDir);
      expect(tree, 'the file left the folder').not.toContain(source.file);
      expect(
        tree.some((entry) => entry.startsWith('.history/') && entry.endsWith(`-${source.file}`)),
        'and is kept in .history',
      ).toBe(true);
      changed = { action: 'remove', id };
    } else {
      expect(outcome, what).toBe('unknown-source');
      expect(embed?.title).toBe('Nothing was changed');
    }
  } else {
    const { upload } = c;
    const bytes = attachment!.bytes;
    const size = upload.size ?? bytes.length;
    if (size > MAX_UPLOAD_BYTES) {
      expect(outcome, what).toBe('too-large');
      expect(first.callbackType, 'refused at once').toBe(4);
      expect(downloaded, 'refused before downloading').toBe(false);
    } else if (savedPage(upload.name, upload.contentType)) {
      // A saved web page is previewed (src/import), never written until the preview's Add.
      expect(first.callbackType, 'a page is deferred').toBe(5);
      expect(['download-failed', 'no-article', 'invalid', 'previewed'], what).toContain(outcome);
    } else if (!textualUpload(upload.name, upload.contentType)) {
      expect(outcome, what).toBe('wrong-type');
      expect(first.callbackType, 'refused at once').toBe(4);
      expect(downloaded, 'refused before downloading').toBe(false);
    } else {
      expect(first.callbackType, 'a change is deferred').toBe(5);
      expect(['download-failed', 'invalid', 'clash', 'add', 'replace', 'undone-invalid'], what).toContain(outcome);
      if (bytes.length > MAX_UPLOAD_BYTES) expect(outcome, what).toBe('download-failed');
      else expect(downloaded, 'downloaded once').toBe(true);
      if (upload.body.kind === 'nul' || upload.body.kind === 'invalid-utf8' || (upload.body.kind === 'bytes' && upload.body.bytes.includes(0)))
        expect(outcome, what).toBe('invalid');
      if (upload.body.kind === 'report') {
        // A valid report is written exactly as uploaded (line ends made LF, no BOM): under a new id as
        // <id>.md; under an id of the corpus over that report's file, the old one kept in .history.
        const replaced = bot.corpus.sources.find((source) => source.id === (upload.body as { id: string }).id);
        expect(outcome, what).toBe(replaced ? 'replace' : 'add');
        expect(embed?.title).toBe(`Report ${replaced ? 'replaced' : 'added'}: ${upload.body.id}`);
        const written = new TextDecoder()
          .decode(bytes)
          .replace(/^\ufeff/, '')
          .replace(/\r\n?/g, '\n');
        expect(await readFile(path.join(corpusDir, replaced?.file ?? `${upload.body.id}.md`), 'utf8')).toBe(written);
        if (replaced) {
          const kept = (await listTree(corpusDir)).filter((entry) => entry.startsWith('.history/') && entry.endsWith(`-${replaced.file}`));
          expect(kept, 'the replaced file is kept in .history').toHaveLength(1);
          expect(await readFile(path.join(corpusDir, kept[0]!), 'utf8')).toBe(bot.files.get(replaced.file));
        }
        const added = bot.harness.library.current.corpus.sources.find((source) => source.id === (upload.body as { id: string }).id);
        expect(added?.paragraphs.length, 'the index has the new report').toBe(upload.body.paragraphs.length);
      }
      if (outcome === 'add' || outcome === 'replace') {
        const id = /^Report (?:added|replaced): (.+)$/.exec(embed?.title ?? '')?.[1];
        expect(id, what).toBeDefined();
        const file = /^File: (.+?) · \d+ paragraphs$/m.exec(text)?.[1];
        expect(file, what).toBeDefined();
        expect(file, 'a sanitised name, or the replaced file').toMatch(outcome === 'add' ? /^[a-z0-9][a-z0-9_-]{0,63}\.md$/ : /\.md$/);
        expect(await listTree(corpusDir)).toContain(file);
        changed = { action: outcome, id: id! };
      }
    }
  }
  forget(bot, sent);
  await expectSandboxIntact(bot);
  await probeAnswer(bot, changed);
  await restoreCorpus(bot);
}

/** Nothing outside the corpus copy changed; inside it, only report files of safe names, and .history. */
async function expectSandboxIntact(bot: FuzzBot): Promise<void> {
  const { root, outside } = bot.sandbox!;
  expect(await outsideCorpus(root, bot.harness.corpusDir), 'nothing written outside the corpus folder').toEqual(outside);
  for (const entry of await listTree(bot.harness.corpusDir)) {
    const allowed = bot.files.has(entry) || /^[a-z0-9][a-z0-9_-]{0,63}\.md$/.test(entry) || entry === '.history' || /^\.history\/[^/]+$/.test(entry);
    expect(allowed, `unexpected entry in the corpus folder: ${entry}`).toBe(true);
  }
}

/** The index still answers the probe question with 004 ¶6, unless the change removed (or replaced) 004. */
async function probeAnswer(bot: FuzzBot, changed: { action: string; id: string } | undefined): Promise<void> {
  const sent = await send(bot, false, {}, (context) =>
    bot.harness.emulator.sendChatInput({ ...context, name: 'ask', options: [{ name: 'question', type: 3, value: PROBE.question }] }),
  );
  const fields = sent.handle.callbacks[0]?.message?.embeds[0]?.fields ?? [];
  const cited = fields.map((field) => /(\S+) ¶(\d+) — /.exec(unmarkdown(field.name))?.slice(1, 3).join(':'));
  const wanted = `${PROBE.sourceId}:${PROBE.paragraph}`;
  if (changed?.id === PROBE.sourceId && changed.action === 'remove') {
    expect(
      cited.filter((id) => id?.startsWith(`${PROBE.sourceId}:`)),
      `${PROBE.sourceId} was removed, yet quoted`,
    ).toEqual([]);
  } else if (!(changed?.id === PROBE.sourceId && changed.action === 'replace')) {
    expect(sent.line['outcome'], 'the probe question is answered').toBe('answer');
    expect(cited, `the probe question quotes ${wanted} after ${changed ? `${changed.action} ${changed.id}` : 'no change'}`).toContain(wanted);
    const source = bot.corpus.sources.find((candidate) => candidate.id === PROBE.sourceId)!;
    expectVerbatim(bot, source, PROBE.paragraph, fields[cited.indexOf(wanted)]!.value, 'probe quote');
  }
  forget(bot, sent);
}

/** Puts the corpus folder back as it was (the original files, nothing else) and reloads if it had changed. */
async function restoreCorpus(bot: FuzzBot): Promise<void> {
  const dir = bot.harness.corpusDir;
  let changed = false;
  for (const entry of await readdir(dir)) {
    if (bot.files.has(entry)) continue;
    await rm(path.join(dir, entry), { recursive: true, force: true });
    changed = true;
  }
  for (const [file, text] of bot.files) {
    if ((await readFile(path.join(dir, file), 'utf8').catch(() => undefined)) === text) continue;
    await writeFile(path.join(dir, file), text, 'utf8');
    changed = true;
  }
  if (changed || bot.harness.library.current.corpus.version !== bot.corpus.version)
    expect((await bot.harness.library.reload()).kind, 'the restored corpus reloads').toBe('reloaded');
  expect(bot.harness.library.current.corpus.version, 'the corpus is back as it was').toBe(bot.corpus.version);
}

// ---------------------------------------------------------------- properties and runners

/** The fast-check property of one command, counting its runs in bot.stats. */
export function commandProperty(bot: FuzzBot, name: PropertyName): fc.IAsyncProperty<[unknown]> {
  const v = bot.vocabulary;
  const optionalParagraph = fc.option(paragraphNumber, { nil: undefined, freq: 3 });
  const counted =
    <T>(run: (bot: FuzzBot, c: T) => Promise<void>) =>
    async (c: T) => {
      const stats = bot.stats[name];
      stats.executions += 1;
      try {
        await run(bot, c);
      } catch (error) {
        stats.failures += 1;
        throw error;
      } finally {
        if (++bot.casesSinceSweep >= 500) bot.sweep();
      }
    };
  const property = {
    ask: () =>
      fc.asyncProperty(
        fc
          .tuple(
            fc.record({ question: fc.oneof({ weight: 4, arbitrary: hostileText(v) }, { weight: 1, arbitrary: pickedSuggestion(v) }), dm: inDm }),
            askOptions,
          )
          .map(([c, options]) => ({ ...c, ...options })),
        counted(runAsk),
      ),
    source: () => fc.asyncProperty(fc.record({ source: sourceText(v), paragraph: optionalParagraph, dm: inDm }), counted(runSource)),
    autocomplete: () =>
      fc.asyncProperty(
        fc.record({ typed: sourceText(v), paragraph: fc.option(paragraphNumber, { nil: undefined, freq: 5 }), dm: inDm }),
        counted(runAutocomplete),
      ),
    reload: () => fc.asyncProperty(caller, counted(runReload)),
    askAutocomplete: () => fc.asyncProperty(fc.record({ typed: typedQuestion(v), dm: inDm }), counted(runAskAutocomplete)),
    button: () => fc.asyncProperty(buttonCase(v), counted(runButton)),
    find: () => fc.asyncProperty(fc.record({ content: messageText(v), dm: inDm }), counted(runFind)),
    corpus: () => fc.asyncProperty(corpusCase(v), counted(runCorpus)),
  }[name]();
  return property;
}

/**
 * Inputs every run tries first (fast-check `examples`): the edges named in the brief, and every
 * input that once broke the bot (regressions).
 */
export const EXAMPLES: { readonly [K in PropertyName]: readonly unknown[] } = {
  ask: [
    { question: 'ﷺ', dm: false }, // regression: NFKD spells U+FDFA as four words; the search crashed on the spaces
    { question: 'how many troops ﷻ', dm: true },
    { question: '', dm: false },
    { question: '\u200b\u202e', dm: false },
    { question: '@everyone @here <@123456789012345678> <@&123456789012345678> how many north korean troops?', dm: false },
    { question: '**bold** _x_ `y` ~~z~~ ||s|| > q # h - l [x](https://example.com) 50,000 troops', dm: false },
    { question: 'x'.repeat(6000), dm: false },
    { question: 'north korean troops kursk '.repeat(240), dm: false },
    { question: 'what did jake sullivan say about nukes', dm: false, mention: 'manager' },
    { question: 'what did jake sullivan say about nukes', dm: false, hide: true, mention: 'manager' },
    { question: 'pornography', dm: false, mention: 'self' },
    { question: '', dm: false, mention: 'other' },
    { question: 'how many troops', dm: true, hide: false, mention: 'moderator' },
    ...['¶004:3', ' ¶004:6 ', '¶', '¶999:1', '¶004:0', '¶004:99999999', '¶../x'].map((question) => ({ question, dm: false })),
  ],
  source: [
    { source: '004', paragraph: 3, dm: false },
    { source: '004', paragraph: 0, dm: false },
    { source: '004', paragraph: -1, dm: false },
    { source: '004', paragraph: 2 ** 31, dm: false },
    { source: '004', paragraph: 2 ** 53 + 2, dm: false },
    { source: '', dm: false },
    { source: '@everyone <@123456789012345678>', dm: true },
    { source: '\\'.repeat(3000), dm: false },
    { source: '*'.repeat(6000), paragraph: 1, dm: false },
  ],
  autocomplete: [
    { typed: '', dm: false },
    { typed: '00', dm: false },
    { typed: '@everyone', dm: true },
    { typed: 'ﷺ'.repeat(6000), dm: false },
  ],
  reload: [
    { dm: false, roles: [] },
    { dm: true, roles: ['Moderators'] },
    { dm: false, roles: ['Moderators'] },
    { dm: false, roles: [], permissions: PermissionFlagsBits.Administrator },
  ],
  askAutocomplete: [
    { typed: 'jake sulliv', dm: false },
    { typed: 'ru', dm: false },
    { typed: '', dm: true },
    { typed: '¶004:6', dm: false },
    { typed: 'ﷺ'.repeat(6000), dm: false },
  ],
  button: [
    { question: 'north korean troops russia', hide: false, dm: false, action: 'more', id: { kind: 'real' }, clicker: { roles: [] } },
    { question: 'what did jake sullivan say about nukes', hide: true, dm: false, action: 'post', id: { kind: 'real' }, clicker: 'asker' },
    { question: 'pornography', hide: false, dm: false, action: 'del', id: { kind: 'real' }, clicker: { roles: [] } },
    { question: 'pornography', hide: false, dm: false, action: 'del', id: { kind: 'real' }, clicker: { roles: ['Moderators'] } },
    { question: 'pornography', hide: false, dm: false, action: 'del', id: { kind: 'real' }, clicker: 'asker' },
    { question: 'pornography', hide: true, dm: false, action: 'post', id: { kind: 'version', version: '000000000000' }, clicker: 'asker' },
    { question: 'pornography', hide: true, dm: false, action: 'post', id: { kind: 'paragraphs', ids: ['004.99', '999.1'] }, clicker: 'asker' },
    {
      question: 'pornography',
      hide: true,
      dm: false,
      action: 'more',
      id: { kind: 'paragraphs', ids: ['004.1', '004.2', '004.3', '004.4', '004.5', '004.6', '000.1'] },
      clicker: 'asker',
    },
    { question: 'pornography', hide: false, dm: true, action: 'del', id: { kind: 'raw', customId: 'ans:del' }, clicker: 'asker' },
    { question: 'pornography', hide: false, dm: false, action: 'post', id: { kind: 'raw', customId: 'ans' }, clicker: { roles: [] } },
  ],
  find: [
    { content: '', dm: false },
    { content: 'Apparently Kim expects nuclear help from Russia for sending troops?', dm: false },
    { content: '@everyone <@123456789012345678> **50,000** north korean troops', dm: true },
    { content: 'x'.repeat(4000), dm: false },
    { content: '\u200b\u202e ', dm: false },
  ],
  corpus: [
    { sub: 'list', caller: { dm: false, roles: ['Moderators'] } },
    { sub: 'list', caller: { dm: false, roles: [] } },
    { sub: 'remove', caller: { dm: false, roles: ['Moderators'] }, source: '004' },
    { sub: 'remove', caller: { dm: false, roles: ['Moderators'] }, source: '../004' },
    {
      sub: 'add',
      caller: { dm: false, roles: ['Moderators'] },
      upload: { name: 'report.md', body: { kind: 'report', id: 'fz-1', paragraphs: ['Quokkas were seen at dawn.'], crlf: false, bom: false } },
    },
    {
      sub: 'add',
      caller: { dm: false, roles: ['Moderators'] },
      upload: { name: '../../etc/passwd', body: { kind: 'plain', text: 'Quokkas crossed the river.' } },
    },
    { sub: 'add', caller: { dm: false, roles: ['Moderators'] }, upload: { name: 'x\u0000y.txt', body: { kind: 'nul', text: 'quokka' } } },
    { sub: 'add', caller: { dm: false, roles: ['Moderators'] }, upload: { name: 'big.txt', body: { kind: 'huge', extra: 1 }, size: 10 } },
    {
      sub: 'add',
      caller: { dm: false, roles: ['Moderators'] },
      upload: { name: 'small.txt', body: { kind: 'plain', text: 'quokka' }, size: Number.MAX_SAFE_INTEGER },
    },
    {
      sub: 'add',
      caller: { dm: false, roles: ['Moderators'] },
      upload: { name: 'latin1.txt', body: { kind: 'invalid-utf8', before: 'caf', bad: [0xe9], after: '\n' } },
    },
    {
      sub: 'add',
      caller: { dm: false, roles: [] },
      upload: { name: 'report.md', body: { kind: 'report', id: 'fz-2', paragraphs: ['Quokkas.'], crlf: true, bom: true } },
    },
  ],
};

export interface RunnerResult {
  readonly name: PropertyName;
  readonly seed: number;
  /** Generated cases run (before a failure, if any). */
  readonly cases: number;
  readonly shrinks: number;
  readonly failed: boolean;
  /** fast-check's report with the shrunk counterexample and the seed to replay it. */
  readonly report?: string;
}

/**
 * Runs `runs` cases of one command's property as `concurrency` fast-check runners side by side
 * (seeds seed, seed+1, …), each shrinking its own failure. Sweeps recorded requests every so often.
 */
export async function runProperty(bot: FuzzBot, name: PropertyName, options: { runs: number; seed: number; concurrency: number }): Promise<RunnerResult[]> {
  // Cases that change the corpus folder run one at a time (each puts the folder back).
  const runners = ISOLATED.has(name) ? 1 : Math.max(1, Math.min(options.concurrency, options.runs));
  const property = commandProperty(bot, name);
  return Promise.all(
    Array.from({ length: runners }, async (_, index) => {
      const seed = (options.seed + index) | 0;
      const numRuns = Math.floor(options.runs / runners) + (index < options.runs % runners ? 1 : 0);
      const examples = index === 0 ? EXAMPLES[name].map((example) => [example] as [unknown]) : [];
      const details = await fc.check(property, { numRuns, seed, examples });
      return {
        name,
        seed,
        cases: details.numRuns,
        shrinks: details.numShrinks,
        failed: details.failed,
        ...(details.failed ? { report: `${fc.defaultReportMessage(details) ?? ''}\n${errorText(details.errorInstance)}` } : {}),
      };
    }),
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.message}${error.stack ? `\n${error.stack.split('\n').slice(1, 4).join('\n')}` : ''}` : String(error);
}
