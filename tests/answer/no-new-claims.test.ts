/**
 * The no-new-claims guarantee, on what people see. Every piece of text in a rendered reply (the
 * Discord payload: content, embeds and buttons; and the terminal text) is a fixed label from a known
 * set, the asker's own question, a citation of a paragraph that exists with its source's label, or a
 * verbatim piece of that paragraph's report file (once the renderer's markdown escapes, bold and
 * ANSI codes are undone). Questions are made of the reports' own words, so most of them are answered
 * and the check has quotes to read.
 *
 * Why it reads the rendered text and not the Reply: a renderer is where a sentence of our own could
 * slip in. Shown to fail when one does: with `value + ' Russia has won.'` in render-reply.ts's
 * renderQuote, or that sentence as a line under the terminal's quotes, the property fails on its
 * first answered question.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { excerpt } from '../../src/answer/excerpt.js';
import { QUOTES_WITH_MORE } from '../../src/answer/pages.js';
import { buildReply, CLOSEST_LABEL, NOT_COVERED_LABEL, type Reply } from '../../src/answer/reply.js';
import { citation, sourceLabel } from '../../src/answer/source-label.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { Corpus } from '../../src/corpus/model.js';
import { BUTTON_LABELS, withButtons } from '../../src/discord/answer-components.js';
import {
  ANSWER_FOOTER,
  NEARBY_LABEL as DISCORD_NEARBY_LABEL,
  NO_QUESTION_HINT as DISCORD_NO_QUESTION_HINT,
  wholeParagraphPointer,
  type MessagePayload,
} from '../../src/discord/render-reply.js';
import { PassageIndex, QUOTES_PER_PAGE } from '../../src/search/passage-index.js';
import {
  renderReply as renderTerminal,
  NEARBY_LABEL as TERMINAL_NEARBY_LABEL,
  NO_QUESTION_HINT as TERMINAL_NO_QUESTION_HINT,
} from '../../src/terminal/render.js';
import { loadQuestions } from '../eval/evaluate.js';

/** Every line the renderers may say of their own. Adding one is a decision: export it and add it here. */
const DISCORD_LABELS = new Set([
  ANSWER_FOOTER,
  CLOSEST_LABEL,
  NOT_COVERED_LABEL,
  DISCORD_NEARBY_LABEL,
  DISCORD_NO_QUESTION_HINT,
  ...Object.values(BUTTON_LABELS),
]);
const TERMINAL_LABELS = new Set([CLOSEST_LABEL, NOT_COVERED_LABEL, TERMINAL_NEARBY_LABEL, TERMINAL_NO_QUESTION_HINT]);
/** "[1] 004 ¶3 — label" (the rank only in the terminal). */
const CITATION = /^(?:\[\d+\] )?([A-Za-z0-9_-]{1,32}) ¶(\d+) — (.+)$/;
/** The terminal's line naming a section near a question the reports do not answer: "  004 ## heading — label". */
const TERMINAL_NEARBY = /^ {2}([A-Za-z0-9_-]{1,32})(?: ## (.+?))? — (.+)$/;

let corpus: Corpus;
let index: PassageIndex;
/** Each source's file, white space collapsed (renderers may collapse it; they may not change a word). */
const files = new Map<string, string>();
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  const loaded = await loadCorpus('corpus');
  if (!loaded.ok) throw new Error('corpus failed to load');
  corpus = loaded.corpus;
  index = new PassageIndex(corpus);
  for (const source of corpus.sources) files.set(source.id, collapse(await readFile(path.join('corpus', source.file), 'utf8')));
});

/** Discord markdown as Discord shows it: escapes undone, bold marks gone. */
function unmarkdown(rendered: string): string {
  let out = '';
  for (let at = 0; at < rendered.length; at++) {
    if (rendered[at] === '\\' && at + 1 < rendered.length) out += rendered.charAt(++at);
    else if (rendered[at] === '*' && rendered[at + 1] === '*') at += 1;
    else out += rendered.charAt(at);
  }
  return out;
}

/** Throws unless `text`, cut where the renderer may cut (an ellipsis), is verbatim text of `sourceId`'s file. */
function expectFromFile(sourceId: string, text: string, what: string): void {
  const file = files.get(sourceId);
  if (file === undefined) throw new Error(`${what} cites "${sourceId}", which is no source`);
  for (const piece of collapse(text).replace(/^“|”$/g, '').split('…')) {
    const trimmed = piece.trim();
    if (trimmed !== '' && !file.includes(trimmed)) throw new Error(`${what} says "${trimmed}", which is not in ${sourceId}'s file`);
  }
}

/** A citation of an existing paragraph, labelled with its source's label (text of the file); returns what it cites. */
function expectCitation(line: string, what: string): { sourceId: string; number: number } {
  const match = CITATION.exec(line);
  if (!match) throw new Error(`${what} "${line}" is not a citation`);
  const sourceId = match[1]!;
  const number = match[2]!;
  const label = match[3]!;
  const source = corpus.sources.find((candidate) => candidate.id === sourceId);
  if (!source?.paragraphs.some((paragraph) => paragraph.number === Number(number)))
    throw new Error(`${what} cites ${sourceId} ¶${number}, which does not exist`);
  expectFromFile(sourceId, label, `${what}'s source label`);
  return { sourceId, number: Number(number) };
}

/** The asker's question, white space collapsed, perhaps cut ("…"). */
function expectQuestion(shown: string, question: string, what: string): void {
  const echoed = collapse(shown).replace(/…$/, '');
  if (!collapse(question).startsWith(echoed)) throw new Error(`${what} "${shown}" is not the question "${question}"`);
}

/** "• heading — 004 label" under a Discord "not covered": a heading (if any) and the label of one report. */
function expectDiscordNearby(line: string, what: string): void {
  const rest = line.slice('• '.length);
  const fits = corpus.sources.some((source) => {
    const split = rest.startsWith(`${source.id} `) ? { heading: '', label: rest.slice(source.id.length + 1) } : undefined;
    const at = rest.indexOf(` — ${source.id} `);
    const parts = split ?? (at > 0 ? { heading: rest.slice(0, at), label: rest.slice(at + ` — ${source.id} `.length) } : undefined);
    if (!parts) return false;
    try {
      expectFromFile(source.id, parts.heading, what);
      expectFromFile(source.id, parts.label, what);
      return true;
    } catch {
      return false;
    }
  });
  if (!fits) throw new Error(`${what} "${line}" names no section of a report`);
}

/** Every string of the payload, by where it stands ("embeds.0.fields.2.value"), except the buttons' custom ids, which nobody sees. */
function textsOf(value: unknown, at = ''): Map<string, string> {
  const texts = new Map<string, string>();
  if (typeof value === 'string') texts.set(at, value);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'custom_id') continue;
      for (const [where, text] of textsOf(inner, at ? `${at}.${key}` : key)) texts.set(where, text);
    }
  }
  return texts;
}

/** The Discord payload of a reply, read as Discord shows it. */
function expectOnlyQuotesInPayload(payload: MessagePayload, question: string): void {
  const texts = textsOf(payload);
  for (const [where, text] of texts) {
    const what = `the payload's ${where}`;
    if (/^embeds\.\d+\.title$/.test(where)) expectQuestion(unmarkdown(text), question, what);
    else if (/^embeds\.\d+\.fields\.\d+\.name$/.test(where)) expectCitation(unmarkdown(text), what);
    else if (/^embeds\.\d+\.fields\.\d+\.value$/.test(where)) {
      const cited = expectCitation(unmarkdown(texts.get(where.replace(/value$/, 'name')) ?? ''), `${what}'s field name`);
      const source = corpus.sources.find((candidate) => candidate.id === cited.sourceId)!;
      const pointer = wholeParagraphPointer(source, source.paragraphs[cited.number - 1]!);
      expectFromFile(cited.sourceId, unmarkdown(text.endsWith(pointer) ? text.slice(0, -pointer.length) : text), what);
    } else if (/^(?:content|embeds\.\d+\.(?:description|footer\.text)|components\.\d+\.components\.\d+\.label)$/.test(where)) {
      for (const line of text.split('\n')) {
        if (line === '' || DISCORD_LABELS.has(line)) continue;
        if (/^embeds\.\d+\.description$/.test(where) && line.startsWith('• ')) expectDiscordNearby(unmarkdown(line), what);
        else throw new Error(`${what} says "${line}", which is no fixed label`);
      }
    } else throw new Error(`${what} says "${text}": text of no known kind`);
  }
}

/** The terminal's text of a reply, line by line: labels, citations with their headings and paragraphs, sections. */
function expectOnlyQuotesInTerminal(text: string): void {
  let sourceId: string | undefined;
  let nearby = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (TERMINAL_LABELS.has(line)) {
      nearby = line === TERMINAL_NEARBY_LABEL;
      continue;
    }
    if (nearby) {
      const match = TERMINAL_NEARBY.exec(line);
      if (!match) throw new Error(`the terminal line "${line}" names no section of a report`);
      if (match[2] !== undefined) expectFromFile(match[1]!, match[2], 'a terminal heading');
      expectFromFile(match[1]!, match[3]!, 'a terminal source label');
    } else if (!line.startsWith(' ')) sourceId = expectCitation(line, 'a terminal line').sourceId;
    else if (sourceId === undefined) throw new Error(`"${line}" comes before any citation`);
    else expectFromFile(sourceId, line, 'a terminal line');
  }
}

/** The reply as the bot sends it (a first page with its buttons, privately and in the channel) and as the terminal prints it. */
function expectOnlyQuotesRendered(reply: Reply): void {
  const shown = reply.kind === 'answer' ? { ...reply, quotes: reply.quotes.slice(0, QUOTES_PER_PAGE) } : reply;
  const ids = reply.kind === 'answer' ? reply.quotes.map((quote) => quote.paragraph.id) : [];
  const state = { version: corpus.version, askerId: '1', shown: ids.slice(0, QUOTES_PER_PAGE), more: ids.slice(QUOTES_PER_PAGE) };
  for (const ephemeral of [true, false]) expectOnlyQuotesInPayload(withButtons(shown, state, ephemeral), reply.question);
  expectOnlyQuotesInTerminal(renderTerminal(shown, { color: false }));
  expectOnlyQuotesInTerminal(stripVTControlCharacters(renderTerminal(shown, { color: true })));
}

/** What a reply holds before it is rendered: corpus paragraphs, highlights within them, cuts that are prefixes. */
function expectOnlyCorpusInReply(reply: Reply): void {
  if (reply.kind !== 'answer') return;
  for (const quote of reply.quotes) {
    const file = files.get(quote.source.id)!;
    expect(file).toContain(collapse(quote.paragraph.text));
    if (quote.paragraph.heading) expect(file).toContain(collapse(quote.paragraph.heading));
    for (const [start, end] of quote.highlights) {
      expect(start).toBeGreaterThanOrEqual(0);
      expect(end).toBeLessThanOrEqual(quote.paragraph.text.length);
      // Each bold run covers only words of the paragraph, never text of our own.
      expect(quote.paragraph.text.slice(start, end).trim()).not.toBe('');
    }
    for (const length of [40, 200, 1000]) {
      const cut = excerpt(quote.paragraph, length);
      expect(quote.paragraph.text.startsWith(cut.text)).toBe(true);
      expect(cut.text.length).toBeLessThanOrEqual(length);
    }
    // The label is the title, the publisher or the opening words: text of the file, cut and marked.
    expect(file).toContain(collapse(sourceLabel(quote.source).replace(/^“|”$/g, '').replace(/…$/, '')));
    expect(citation(quote.source, quote.paragraph)).toMatch(new RegExp(`${quote.source.id} ¶${quote.paragraph.number}$`));
  }
}

function expectOnlyQuotes(reply: Reply): void {
  expectOnlyCorpusInReply(reply);
  expectOnlyQuotesRendered(reply);
}

/** Words people wrap questions in, and words the reports never use. */
const WRAPPING = ['what', 'did', 'the', 'how many', 'about', 'is', 'in', 'tell me', 'why'];
const OFF_TOPIC = ['pizza', 'football', 'weather', 'bitcoin', 'recipe', 'elephants', 'jazz', 'Germany'];

function misspell(word: string, at: number, kind: 'swap' | 'drop' | 'double'): string {
  if (word.length < 5) return word;
  const i = 1 + (at % (word.length - 2));
  if (kind === 'swap') return word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2);
  return kind === 'drop' ? word.slice(0, i) + word.slice(i + 1) : word.slice(0, i) + word.charAt(i) + word.slice(i);
}

/**
 * A question as people type one about the reports: 1–6 words of one paragraph (in a row from a word
 * of four letters or more, or such words picked from it), sometimes misspelt, in another case, wrapped in question words, ended with punctuation,
 * or with a word the reports never use.
 */
const corpusQuestion = () => {
  const paragraphs = corpus.sources.flatMap((source) => source.paragraphs);
  return fc
    .record({
      paragraph: fc.integer({ min: 0, max: paragraphs.length - 1 }),
      count: fc.integer({ min: 1, max: 6 }),
      inARow: fc.boolean(),
      picks: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
      typo: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.record({ word: fc.nat(), at: fc.nat(), kind: fc.constantFrom('swap' as const, 'drop' as const, 'double' as const) }) },
      ),
      casing: fc.constantFrom('as written', 'lower', 'upper', 'title'),
      wrapping: fc.subarray(WRAPPING, { maxLength: 3 }),
      offTopic: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...OFF_TOPIC) }),
      ending: fc.constantFrom('', '?', '!', '.', ' ?', ',', '…'),
    })
    .map(({ paragraph, count, inARow, picks, typo, casing, wrapping, offTopic, ending }) => {
      const words = paragraphs[paragraph]!.text.split(/\s+/);
      // Picked words, and a run's first word, are of four letters or more: a question about something.
      const starts = words.flatMap((word, at) => (/\p{L}{4}/u.test(word) ? [at] : []));
      const start = starts[picks[0]! % starts.length]!;
      let chosen = inARow ? words.slice(start, start + count) : picks.slice(0, count).map((pick) => words[starts[pick % starts.length]!]!);
      if (typo) chosen = chosen.map((word, at) => (at === typo.word % chosen.length ? misspell(word, typo.at, typo.kind) : word));
      if (offTopic) chosen.splice(picks[1]! % (chosen.length + 1), 0, offTopic);
      const text = [...wrapping, ...chosen].join(' ') + ending;
      if (casing === 'lower') return text.toLowerCase();
      if (casing === 'upper') return text.toUpperCase();
      return casing === 'title' ? text.replace(/\b\p{Ll}/gu, (letter) => letter.toUpperCase()) : text;
    });
};

describe('no new claims: what a reply shows is fixed labels, the question, citations and verbatim report text', () => {
  it("holds for questions made of the reports' own words, most of which are answered", () => {
    const outcomes = { answer: 0, closest: 0, 'not-covered': 0, 'no-question': 0 };
    let quotes = 0;
    let runs = 0;
    fc.assert(
      fc.property(corpusQuestion(), (question) => {
        const reply = buildReply(index, question, QUOTES_WITH_MORE);
        runs += 1;
        outcomes[reply.kind === 'answer' ? reply.match : reply.kind] += 1;
        if (reply.kind === 'answer') quotes += Math.min(QUOTES_PER_PAGE, reply.quotes.length);
        expectOnlyQuotes(reply);
      }),
      { numRuns: 300 },
    );
    console.log(`no new claims: ${runs} generated questions:`, outcomes, `${quotes} quotes checked as rendered`);
    // Not vacuous: most questions are answered with quotes, so most runs check rendered quotes.
    expect((outcomes.answer + outcomes.closest) / runs).toBeGreaterThanOrEqual(0.8);
  }, 60_000);

  it('holds for every evaluation question', () => {
    const questions = loadQuestions();
    for (const { question } of [...questions.answerable, ...questions.offTopic, ...questions.unanswered]) {
      expectOnlyQuotes(buildReply(index, question, QUOTES_WITH_MORE));
    }
  });

  it('holds for questions mixing corpus words and arbitrary text', () => {
    const corpusWords = fc.constantFrom(...corpus.sources.flatMap((source) => source.paragraphs.flatMap((paragraph) => paragraph.text.split(/\s+/))));
    fc.assert(
      fc.property(fc.array(fc.oneof(corpusWords, fc.string(), fc.string({ unit: 'binary', maxLength: 20 })), { maxLength: 12 }), (words) => {
        expectOnlyQuotes(buildReply(index, words.join(' '), QUOTES_WITH_MORE));
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('every quote is the very paragraph object of the corpus, not a copy', () => {
    const reply = buildReply(index, 'north korean troops in kursk');
    if (reply.kind !== 'answer') throw new Error('expected an answer');
    for (const quote of reply.quotes) {
      expect(corpus.sources.some((source) => source.paragraphs.includes(quote.paragraph))).toBe(true);
    }
  });

  it('fails a renderer that adds a sentence of its own', () => {
    const claim = 'Russia has since withdrawn all of them.';
    const reply = buildReply(index, 'How many North Korean troops are in Kursk?');
    if (reply.kind !== 'answer') throw new Error('expected an answer');
    const state = { version: corpus.version, askerId: '1', shown: reply.quotes.map((quote) => quote.paragraph.id), more: ['000:1'] };
    const payload = withButtons(reply, state, true);
    const embed = payload.embeds![0]!;
    const field = embed.fields![0]!;
    const row = payload.components![0]!;
    expect(() => expectOnlyQuotesInPayload(payload, reply.question)).not.toThrow();
    const claims: [MessagePayload, RegExp][] = [
      [{ ...payload, embeds: [{ ...embed, fields: [{ ...field, value: `${field.value} ${claim}` }] }] }, /not in/],
      [{ ...payload, embeds: [{ ...embed, fields: [...embed.fields!, { name: field.name, value: claim }] }] }, /not in/],
      [{ ...payload, embeds: [{ ...embed, description: claim }] }, /no fixed label/],
      [{ ...payload, embeds: [{ ...embed, footer: { text: `${ANSWER_FOOTER} ${claim}` } }] }, /no fixed label/],
      [{ ...payload, content: claim }, /no fixed label/],
      [{ ...payload, components: [{ ...row, components: [{ ...row.components[0]!, label: claim } as (typeof row)['components'][number]] }] }, /no fixed label/],
      [{ ...payload, embeds: [{ ...embed, author: { name: claim } }] }, /no known kind/],
      [{ ...payload, embeds: [{ ...embed, title: claim }] }, /is not the question/],
      [{ ...payload, embeds: [embed, { description: claim }] }, /no fixed label/],
    ];
    for (const [changed, error] of claims) expect(() => expectOnlyQuotesInPayload(changed, reply.question)).toThrow(error);

    const terminal = renderTerminal(reply, { color: false });
    expect(() => expectOnlyQuotesInTerminal(terminal)).not.toThrow();
    expect(() => expectOnlyQuotesInTerminal(`${terminal}\n    ${claim}`)).toThrow(/not in/);
    expect(() => expectOnlyQuotesInTerminal(`${claim}\n${terminal}`)).toThrow(/not a citation/);
  });

  it('fails a "not covered" reply that adds a sentence of its own', () => {
    const claim = 'Russia has won.';
    const reply = buildReply(index, 'casualties in the Donbas from drones');
    if (reply.kind !== 'not-covered' || reply.nearby.length === 0) throw new Error(`expected "not covered" with nearby sections, got ${reply.kind}`);
    const state = { version: corpus.version, askerId: '1', shown: [], more: [] };
    const payload = withButtons(reply, state, false);
    const embed = payload.embeds![0]!;
    expect(() => expectOnlyQuotesInPayload(payload, reply.question)).not.toThrow();
    expect(() =>
      expectOnlyQuotesInPayload({ ...payload, embeds: [{ ...embed, description: `${String(embed.description)}\n${claim}` }] }, reply.question),
    ).toThrow(/no fixed label/);
    expect(() =>
      expectOnlyQuotesInPayload({ ...payload, embeds: [{ ...embed, description: `${String(embed.description)}\n• ${claim}` }] }, reply.question),
    ).toThrow(/no section/);
    const terminal = renderTerminal(reply, { color: false });
    expect(terminal).toContain(TERMINAL_NEARBY_LABEL);
    expect(() => expectOnlyQuotesInTerminal(terminal)).not.toThrow();
    expect(() => expectOnlyQuotesInTerminal(`${terminal}\n  ${claim}`)).toThrow(/no section/);
    expect(() => expectOnlyQuotesInTerminal(`${terminal}\n  000 — ${claim}`)).toThrow(/not in/);
  });
});
