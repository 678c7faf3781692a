/**
 * The no-new-claims guarantee, on what people see: every piece of text in a rendered answer (the
 * Discord embed and the terminal text) is a fixed label from a known set, the asker's own question,
 * a citation of a paragraph that exists, or a verbatim piece of that paragraph's report file.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIEmbed } from 'discord-api-types/v10';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReply, CLOSEST_LABEL, type Reply } from '../../src/answer/reply.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { Corpus } from '../../src/corpus/model.js';
import { ANSWER_FOOTER, renderReply as renderDiscord } from '../../src/discord/render-reply.js';
import { PassageIndex } from '../../src/search/passage-index.js';
import { renderReply as renderTerminal } from '../../src/terminal/render.js';
import { unmarkdown } from '../helpers/harness.js';

/** Every sentence the renderers may say of their own in an answer. Adding one is a decision: add it here. */
const FIXED_LABELS = new Set([ANSWER_FOOTER, CLOSEST_LABEL]);
const CITATION = /^(?:\[\d+\] )?([A-Za-z0-9_-]{1,32}) ¶(\d+) — (.+)$/;

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

/** Throws unless `text`, cut where the renderer may cut (an ellipsis), is verbatim text of `sourceId`'s file. */
function expectFromFile(sourceId: string, text: string, what: string): void {
  const file = files.get(sourceId);
  if (file === undefined) throw new Error(`${what} cites "${sourceId}", which is no source`);
  for (const piece of collapse(text).replace(/^“|”$/g, '').split('…')) {
    const trimmed = piece.trim();
    if (trimmed !== '' && !file.includes(trimmed)) throw new Error(`${what} says "${trimmed}", which is not in ${sourceId}'s file`);
  }
}

function expectCitation(line: string, what: string): string {
  const match = CITATION.exec(line);
  if (!match) throw new Error(`${what} "${line}" is not a citation`);
  const [, sourceId, number, label] = match;
  const source = corpus.sources.find((candidate) => candidate.id === sourceId);
  if (!source?.paragraphs.some((paragraph) => paragraph.number === Number(number))) throw new Error(`${what} cites ${sourceId} ¶${number}, which does not exist`);
  expectFromFile(sourceId!, label!, `${what}'s source label`);
  return sourceId!;
}

/** The Discord embed of an answer, read as Discord shows it (markdown undone). */
function expectOnlyQuotesInEmbed(embed: APIEmbed, question: string): void {
  if (embed.title !== undefined) expect(collapse(unmarkdown(embed.title)).replace(/…$/, '')).toBe(collapse(question).slice(0, collapse(unmarkdown(embed.title)).replace(/…$/, '').length));
  for (const text of [embed.description, embed.footer?.text, embed.author?.name]) {
    if (text !== undefined && !FIXED_LABELS.has(text)) throw new Error(`the embed says "${text}", which is no fixed label`);
  }
  for (const field of embed.fields ?? []) {
    const sourceId = expectCitation(unmarkdown(field.name), 'a field name');
    expectFromFile(sourceId, unmarkdown(field.value), 'a quote');
  }
}

/** The terminal's text of an answer: labels, citations, headings and paragraphs, line by line. */
function expectOnlyQuotesInTerminal(text: string): void {
  let sourceId: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || FIXED_LABELS.has(line)) continue;
    if (!line.startsWith(' ')) sourceId = expectCitation(line, 'a terminal line');
    else if (sourceId === undefined) throw new Error(`"${line}" comes before any citation`);
    else expectFromFile(sourceId, line, 'a terminal line');
  }
}

function expectOnlyQuotes(reply: Reply): void {
  if (reply.kind !== 'answer') return;
  const [embed, ...more] = renderDiscord(reply).embeds ?? [];
  expect(more).toEqual([]);
  expectOnlyQuotesInEmbed(embed!, reply.question);
  expectOnlyQuotesInTerminal(renderTerminal(reply, { color: false }));
}

/** Questions made of the reports' own words, so that most of them are answered. */
const corpusQuestions = () =>
  fc
    .array(fc.constantFrom(...corpus.sources.flatMap((source) => source.paragraphs.flatMap((paragraph) => paragraph.text.split(/\s+/).filter((word) => word.length > 3)))), { minLength: 2, maxLength: 6 })
    .map((words) => words.join(' '));

describe('no new claims, as rendered', () => {
  it('every answer to questions made of the reports\' words shows only labels, citations and verbatim report text', () => {
    let answered = 0;
    fc.assert(
      fc.property(corpusQuestions(), (question) => {
        const reply = buildReply(index, question);
        if (reply.kind === 'answer') answered += 1;
        expectOnlyQuotes(reply);
      }),
      { numRuns: 200 },
    );
    // Not vacuous: most generated questions are answered, so most runs check quotes.
    expect(answered).toBeGreaterThan(100);
  }, 60_000);

  it('fails a renderer that adds a sentence of its own', () => {
    const reply = buildReply(index, 'How many North Korean troops are in Kursk?');
    if (reply.kind !== 'answer') throw new Error('expected an answer');
    const embed = renderDiscord(reply).embeds![0]!;
    const claim = 'Russia has since withdrawn all of them.';
    expect(() => expectOnlyQuotesInEmbed(embed, reply.question)).not.toThrow();
    const field = embed.fields![0]!;
    expect(() => expectOnlyQuotesInEmbed({ ...embed, fields: [{ ...field, value: `${field.value} ${claim}` }] }, reply.question)).toThrow(/not in/);
    expect(() => expectOnlyQuotesInEmbed({ ...embed, description: claim }, reply.question)).toThrow(/no fixed label/);
    expect(() => expectOnlyQuotesInEmbed({ ...embed, fields: [...embed.fields!, { name: field.name, value: claim }] }, reply.question)).toThrow(/not in/);
    const terminal = renderTerminal(reply, { color: false });
    expect(() => expectOnlyQuotesInTerminal(terminal)).not.toThrow();
    expect(() => expectOnlyQuotesInTerminal(`${terminal}\n    ${claim}`)).toThrow(/not in/);
    expect(() => expectOnlyQuotesInTerminal(`${claim}\n${terminal}`)).toThrow(/not a citation/);
  });
});
