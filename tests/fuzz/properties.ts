/**
 * The command fuzzer: fast-check properties that drive the real bot's /ask, /source (and its
 * autocomplete) and /reload handlers through the Discord emulator with generated input (see
 * arbitraries.ts). One emulator + bot (the e2e harness, real corpus copy) serves every case; each
 * case dispatches one interaction as a fresh user, so cases can run concurrently and every log
 * line, callback and edit is attributed to its case.
 *
 * Every case must hold: no error logged for it (no "interaction failed"), acknowledged within 3 s,
 * exactly one callback (plus exactly one edit when deferred), no rejected request, every message
 * within Discord's limits (assertWithinDiscordLimits), nobody pinged (emulator pings empty,
 * allowed_mentions.parse = []), link previews suppressed, and every quoted text verbatim from the
 * corpus paragraph it cites and from its file. Used by commands.test.ts (npm test, a few hundred
 * cases) and run.ts (10,000+ cases).
 */
import fc from 'fast-check';
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { expect } from 'vitest';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { formatCorpusError, type Corpus, type Source } from '../../src/corpus/model.js';
import { DiscordLimits } from '../../src/discord/limits.js';
import { DEFAULT_EVERYONE_PERMISSIONS, snowflake } from '../discord-emulator/emulator.js';
import type { InteractionContext, InteractionEvent, InteractionHandle, RawOption } from '../discord-emulator/emulator.js';
import { assertChoicesWithinLimits, assertRecordedRepliesOk, assertWithinDiscordLimits } from '../discord/e2e/discord-limits.js';
import { startHarness, unmarkdown, type Harness, type LogLine } from '../discord/e2e/harness.js';
import { loadQuestions } from '../eval/evaluate.js';
import { caller, hostileText, inDm, paragraphNumber, sourceText, type Caller, type Vocabulary } from './arbitraries.js';

export const PROPERTY_NAMES = ['ask', 'source', 'autocomplete', 'reload'] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];
export type FuzzPlan = Readonly<Record<PropertyName, number>>;

/** What `npm test` runs: a few hundred cases, a few seconds. */
export const NPM_TEST_PLAN: FuzzPlan = { ask: 140, source: 100, autocomplete: 60, reload: 24 };

/** `total` cases shared out like real traffic; /reload rebuilds the index, so it gets few. */
export function scaledPlan(total: number): FuzzPlan {
  const reload = Math.max(1, Math.round(total * 0.04));
  const source = Math.round(total * 0.3);
  const autocomplete = Math.round(total * 0.2);
  return { ask: total - reload - source - autocomplete, source, autocomplete, reload };
}

/** A handler that has not logged its interaction line by then is taken as hung. */
const HANDLER_TIMEOUT_MS = 15_000;
const NOBODY = { users: [], roles: [], everyone: false };
const NOT_COVERED = 'The reports do not cover this.';
const REFUSED = 'Only moderators (Manage Server, or a moderator role) can reload the corpus.';
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

  /** The user's lines once the handler has logged "interaction" or "interaction failed". */
  async waitForHandled(user: string, handle: InteractionHandle, timeoutMs: number): Promise<LogLine[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.sync();
      const lines = this.byUser.get(user) ?? [];
      if (lines.some((line) => line.message === 'interaction' || line.message === 'interaction failed')) return lines;
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
  stop(): Promise<void>;
}

export async function startFuzzBot(): Promise<FuzzBot> {
  const harness = await startHarness();
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
    };
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
        for (const line of logs.errors.slice(reportedErrors)) if (!bot.failedUsers.has(String(line['user']))) problems.push(`error logged: ${JSON.stringify(line).slice(0, 2000)}`);
        reportedErrors = logs.errors.length;
        return [...problems];
      },
      stop: () => harness.stop(),
    };
    return bot;
  } catch (error) {
    await harness.stop();
    throw error;
  }
}

// ---------------------------------------------------------------- cases

export interface AskCase {
  readonly question: string;
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
  readonly lines: LogLine[];
  /** The handler's "interaction" line. */
  readonly line: LogLine;
}

let userCount = 0;

/** Dispatches as a fresh user, waits for the handler's log line, and checks what every case must hold. */
async function send(bot: FuzzBot, dm: boolean, extra: Partial<InteractionContext>, dispatch: (context: InteractionContext) => InteractionHandle): Promise<Sent> {
  const user = snowflake();
  const context: InteractionContext = { user: { id: user, username: `fuzz${++userCount}` }, ...(dm ? { guildId: null } : extra) };
  const handle = dispatch(context);
  const lines = await bot.logs.waitForHandled(user, handle, HANDLER_TIMEOUT_MS);
  const errors = lines.filter((line) => line.level === 'error');
  if (errors.length > 0) bot.failedUsers.add(user);
  expect(errors, 'the handler failed (error lines logged for this interaction)').toEqual([]);
  const handled = lines.filter((line) => line.message === 'interaction');
  expect(handled, 'one "interaction" log line').toHaveLength(1);
  const outcome = `${String(handled[0]!['command'])} ${String(handled[0]!['kind'])}: ${String(handled[0]!['outcome'] ?? `${String(handled[0]!['results'])} results`)}`;
  bot.outcomes.set(outcome, (bot.outcomes.get(outcome) ?? 0) + 1);

  expect(handle.acknowledged, 'acknowledged').toBe(true);
  expect(handle.ackLatencyMs, 'acknowledged within 3 s').toBeLessThan(DiscordLimits.acknowledgeMs);
  expect(handle.rejections.map((event) => ({ status: event.status, error: event.error })), 'rejected requests').toEqual([]);
  expect(handle.callbacks, 'exactly one callback').toHaveLength(1);
  expect(handle.followUps, 'no follow-ups').toHaveLength(0);
  expect(handle.edits, handle.ackType === 5 ? 'a deferral is edited once' : 'no edits').toHaveLength(handle.ackType === 5 ? 1 : 0);
  for (const event of [...handle.callbacks, ...handle.edits]) {
    if (event.kind === 'edit' || event.callbackType === 4) expectInertMessage(event);
    if (event.callbackType === 8) assertChoicesWithinLimits(event.data?.choices);
  }
  return { handle, user, lines, line: handled[0]! };
}

/** Within limits, pings nobody, previews suppressed. */
function expectInertMessage(event: InteractionEvent): void {
  const where = `${event.kind}${event.callbackType ? ` ${event.callbackType}` : ''}`;
  assertWithinDiscordLimits(event.data, where);
  expect(event.pings, `${where}: the emulator's pings`).toEqual(NOBODY);
  const allowed = event.data?.allowed_mentions;
  expect(allowed?.parse, `${where}: allowed_mentions.parse`).toEqual([]);
  expect(allowed?.users ?? [], `${where}: allowed_mentions.users`).toEqual([]);
  expect(allowed?.roles ?? [], `${where}: allowed_mentions.roles`).toEqual([]);
  expect(event.message?.mention_everyone, `${where}: mention_everyone`).toBe(false);
  expect(event.message?.mentions, `${where}: mentions`).toEqual([]);
  expect(event.message?.mention_roles, `${where}: mention_roles`).toEqual([]);
  expect((event.message?.flags ?? 0) & MessageFlags.SuppressEmbeds, `${where}: SuppressEmbeds`).toBe(MessageFlags.SuppressEmbeds);
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
  if (shown.length >= max - 1 && shown.endsWith('…') && plain !== full) expect(full.startsWith(plain.slice(0, -1)), `${what}: "${plain}" is no prefix of "${full}"`).toBe(true);
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
 * How a source is named in a label (maybe cut with "…"): its title, or for a source without one its
 * opening words in quotes; either way verbatim from the file.
 */
function expectSourceName(bot: FuzzBot, source: Source, shown: string, what: string): void {
  const cut = shown.replace(/…$/, '');
  if (source.title !== undefined) {
    expect(source.title.startsWith(cut), `${what}: "${shown}" is not the title of ${source.id}`).toBe(true);
    return;
  }
  const opening = /^“(.*?)…?”?$/s.exec(cut);
  expect(opening, `${what}: "${shown}" is not the quoted opening of ${source.id}`).not.toBeNull();
  expect(source.paragraphs[0]?.text.startsWith(opening![1]!), `${what}: "${shown}" is not the opening of ${source.id}`).toBe(true);
  expect(bot.files.get(source.file)?.includes(opening![1]!)).toBe(true);
}

function citedSource(bot: FuzzBot, label: string, what: string): { source: Source; number: number; rest: string } {
  const plain = unmarkdown(label);
  const cited = /^(?:(.*) · )?([A-Za-z0-9_-]+) ¶(\d+) — (.*)$/s.exec(plain);
  expect(cited, `${what}: "${plain}" cites no paragraph`).not.toBeNull();
  const [, publisher, id, number, rest] = cited!;
  const source = bot.corpus.sources.find((candidate) => candidate.id === id);
  expect(source, `${what}: cites unknown source ${id}`).toBeDefined();
  expect(publisher, `${what}: publisher`).toBe(source!.publisher);
  expectSourceName(bot, source!, rest!, what);
  return { source: source!, number: Number(number), rest: rest! };
}

// ---------------------------------------------------------------- per-command checks

export async function runAsk(bot: FuzzBot, c: AskCase): Promise<void> {
  const sent = await send(bot, c.dm, {}, (context) => bot.harness.emulator.sendChatInput({ ...context, name: 'ask', options: [{ name: 'question', type: 3, value: c.question }] }));
  const reply = sent.handle.callbacks[0]!;
  expect(reply.callbackType, 'answered at once').toBe(4);
  const embeds = reply.data?.embeds ?? [];
  const asked = c.question.slice(0, 300).replace(/\s+/g, ' ').trim();
  switch (sent.line['outcome']) {
    case 'no-question':
      expect(embeds).toEqual([]);
      expect(reply.data?.content).toMatch(/^Ask a question about the reports/);
      expect(isEphemeral(reply), 'no-question is private').toBe(true);
      break;
    case 'not-covered':
      expect(isEphemeral(reply)).toBe(false);
      expect(embeds).toHaveLength(1);
      {
        // "Not covered", then at most the headings or sources that came closest: corpus labels, never quotes.
        const [first, ...nearby] = (embeds[0]!.description ?? '').split('\n');
        expect(first).toBe(NOT_COVERED);
        if (nearby.length > 0) expect(nearby.slice(0, 2)).toEqual(['', 'Closest parts of the reports (see /source):']);
        for (const line of nearby.slice(2)) expect(bot.corpus.sources.some((source) => unmarkdown(line).includes(`${source.id} `)), line).toBe(true);
      }
      expect(embeds[0]!.fields ?? []).toEqual([]);
      if (asked === '') expect(embeds[0]!.title).toBeUndefined();
      else expectLabel(embeds[0]!.title ?? '', asked, DiscordLimits.embedTitle, 'title echoes the question');
      break;
    case 'answer': {
      expect(isEphemeral(reply)).toBe(false);
      expect(embeds).toHaveLength(1);
      const fields = embeds[0]!.fields ?? [];
      expect(fields.length, 'quotes').toBe(sent.line['results']);
      expect(fields.length).toBeGreaterThanOrEqual(1);
      expect(fields.length).toBeLessThanOrEqual(5);
      expectLabel(embeds[0]!.title ?? '', asked, DiscordLimits.embedTitle, 'title echoes the question');
      const cited = new Set<string>();
      fields.forEach((field, index) => {
        const what = `field ${index}`;
        const { source, number } = citedSource(bot, field.name, what);
        cited.add(`${source.id}:${number}`);
        const plain = expectVerbatim(bot, source, number, field.value, what);
        if (plain !== source.paragraphs[number - 1]!.text) {
          expect(field.value.endsWith(` … *(whole paragraph: /source source: ${source.id} paragraph: ${number})*`), `${what}: cut without a pointer`).toBe(true);
        }
      });
      expect(cited.size, 'no paragraph quoted twice').toBe(fields.length);
      break;
    }
    default:
      throw new Error(`unexpected /ask outcome ${String(sent.line['outcome'])}`);
  }
  forget(bot, sent);
}

export async function runSource(bot: FuzzBot, c: SourceCase): Promise<void> {
  const options: RawOption[] = [{ name: 'source', type: 3, value: c.source }];
  if (c.paragraph !== undefined) options.push({ name: 'paragraph', type: 4, value: c.paragraph });
  const sent = await send(bot, c.dm, {}, (context) => bot.harness.emulator.sendChatInput({ ...context, name: 'source', options }));
  const reply = sent.handle.callbacks[0]!;
  expect(reply.callbackType).toBe(4);
  const content = reply.data?.content ?? '';
  const embeds = reply.data?.embeds ?? [];
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
    expectSourceName(bot, source, title.slice(`${source.id} — `.length), 'card title');
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
    const neighbours = [number > 1 && `previous: ${source.id}:${number - 1}`, number < source.paragraphs.length && `next: ${source.id}:${number + 1}`].filter(Boolean).join(' · ');
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
    expectSourceName(bot, source!, choice.name.slice(`${source!.id} · `.length), 'choice name');
  }
  const typed = c.typed.trim();
  if (typed === '') expect(values).toEqual(bot.corpus.sources.slice(0, DiscordLimits.autocompleteChoices).map((source) => source.id));
  if (bot.vocabulary.sourceIds.includes(typed)) expect(values, 'an exact id is offered').toContain(typed);
  forget(bot, sent);
}

/** Who /reload should obey: Manage Server (or Administrator) or the moderator role, in a server. */
export function isModeratorCaller(c: ReloadCase): boolean {
  if (c.dm) return false;
  const permissions = c.permissions ?? (DEFAULT_EVERYONE_PERMISSIONS | (c.roles.includes('Managers') ? PermissionFlagsBits.ManageGuild : 0n));
  return (permissions & (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) !== 0n || c.roles.includes('Moderators');
}

export async function runReload(bot: FuzzBot, c: ReloadCase): Promise<void> {
  const extra: Partial<InteractionContext> = { roles: [...c.roles], ...(c.permissions !== undefined ? { permissions: c.permissions } : {}) };
  const sent = await send(bot, c.dm, extra, (context) => bot.harness.emulator.sendChatInput({ ...context, name: 'reload' }));
  const reply = sent.handle.callbacks[0]!;
  if (!isModeratorCaller(c)) {
    expect(sent.line['outcome']).toBe('refused');
    expect(reply.callbackType).toBe(4);
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.data?.content).toBe(REFUSED);
  } else {
    expect(reply.callbackType, 'a moderator reload is deferred').toBe(5);
    expect(isEphemeral(reply), 'the deferral is private').toBe(true);
    const edit = sent.handle.edits[0]!;
    expect(isEphemeral(edit)).toBe(true);
    if (sent.line['outcome'] === 'busy') {
      expect(edit.data?.content).toBe(BUSY);
    } else {
      expect(sent.line['outcome']).toBe('reloaded');
      const embed = edit.data?.embeds?.[0];
      expect(embed?.title).toBe('Corpus reloaded');
      expect(embed?.description, 'the files did not change').toBe('Nothing changed.');
      const paragraphs = bot.corpus.sources.reduce((sum, source) => sum + source.paragraphs.length, 0);
      expect(embed?.footer?.text).toBe(`${bot.corpus.sources.length} sources, ${paragraphs} paragraphs · version ${bot.corpus.version}`);
    }
  }
  forget(bot, sent);
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
    ask: () => fc.asyncProperty(fc.record({ question: hostileText(v), dm: inDm }), counted(runAsk)),
    source: () => fc.asyncProperty(fc.record({ source: sourceText(v), paragraph: optionalParagraph, dm: inDm }), counted(runSource)),
    autocomplete: () => fc.asyncProperty(fc.record({ typed: sourceText(v), paragraph: fc.option(paragraphNumber, { nil: undefined, freq: 5 }), dm: inDm }), counted(runAutocomplete)),
    reload: () => fc.asyncProperty(caller, counted(runReload)),
  }[name]();
  return property as unknown as fc.IAsyncProperty<[unknown]>;
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
  const runners = Math.max(1, Math.min(options.concurrency, options.runs));
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
