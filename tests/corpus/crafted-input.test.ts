/**
 * Issue 8, "a crafted report freezes the whole bot": inputs shaped to make the parser's patterns
 * backtrack. Each must give its result (or a refusal naming file, line and reason) at once; before
 * the fix the 100 KB attack below took about 20 s, far past the test's time-out.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { formatCorpusError, type LoadResult } from '../../src/corpus/model.js';
import { parseParagraphReference } from '../../src/corpus/paragraph-id.js';
import { MAX_FRONT_MATTER_LINE_LENGTH, MAX_HEADING_LENGTH, MAX_PARAGRAPH_LENGTH } from '../../src/corpus/parse-file.js';
import { prepareReport, type PreparedReport, type Refusal } from '../../src/corpus/report-upload.js';
import { escapeMarkdown } from '../../src/discord/markdown.js';

const SPACES = ' '.repeat(100_000);
/** The attack of the issue: a heading, about 100 KB of spaces, and one more character on the same line. */
const ATTACK = `# a${SPACES}x`;

const temporaryDirs: string[] = [];
afterEach(async () => {
  await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function load(files: Record<string, string>): Promise<LoadResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'crafted-'));
  temporaryDirs.push(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return loadCorpus(dir);
}
const errorsOf = (result: LoadResult | PreparedReport | Refusal) => {
  if (result.ok) throw new Error('expected a refusal');
  return (result.errors ?? []).map(formatCorpusError);
};
const upload = (name: string, text: string) => prepareReport({ name, bytes: new TextEncoder().encode(text) }, { sources: [], version: 'empty' });

describe('the corpus loader', () => {
  it('refuses the attack heading at once, naming file, line and reason', async () => {
    const result = await load({ 'ok.md': '---\nid: ok\n---\n\nFine.\n', 'attack.md': `---\nid: attack\n---\n\n${ATTACK}\n\nA paragraph.\n` });
    expect(errorsOf(result)).toEqual([`attack.md:5: heading is ${ATTACK.length - 2} characters long; at most ${MAX_HEADING_LENGTH} are allowed`]);
  });

  it('reads a heading with blanks inside and around it as before', async () => {
    const result = await load({ 'h.md': `---\nid: h\n---\n\n##\t Troop   morale \t\nA paragraph.\n\n####### seven is not a heading\n\n#hashtag is not one either\n` });
    if (!result.ok) throw new Error(result.errors.map(formatCorpusError).join('; '));
    const [source] = result.corpus.sources;
    expect(source!.headings).toEqual(['Troop   morale']);
    expect(source!.paragraphs.map((paragraph) => [paragraph.text, paragraph.heading])).toEqual([
      ['A paragraph.', 'Troop   morale'],
      ['####### seven is not a heading', 'Troop   morale'],
      ['#hashtag is not one either', 'Troop   morale'],
    ]);
  });

  it('refuses an over-long front matter line and a paragraph past the limit, at once, with their lines', async () => {
    const value = `a${SPACES}x`;
    const result = await load({ 'fm.md': `---\nid: fm\ntitle: ${value}\n---\n\nShort.\n\n${'word '.repeat(MAX_PARAGRAPH_LENGTH / 5)}end\n` });
    expect(errorsOf(result)).toEqual([`fm.md:3: front matter line is ${'title: '.length + value.length} characters long; at most ${MAX_FRONT_MATTER_LINE_LENGTH} are allowed`]);
    const paragraph = `${'word '.repeat(MAX_PARAGRAPH_LENGTH / 5)}end`;
    expect(errorsOf(await load({ 'p.md': `---\nid: p\n---\n\nShort.\n\n${paragraph}\n` }))).toEqual([
      `p.md:7: paragraph is ${paragraph.length} characters long; at most ${MAX_PARAGRAPH_LENGTH} are allowed (separate paragraphs with a blank line)`,
    ]);
  });

  it('keeps a front matter value with blanks inside and around it as before', async () => {
    const result = await load({ 'v.md': `---\nid: v\ntitle \t:  A   spaced\ttitle \t\npublisher: "  Quoted  "\n---\n\nText.\n` });
    if (!result.ok) throw new Error(result.errors.map(formatCorpusError).join('; '));
    expect(result.corpus.sources[0]).toMatchObject({ title: 'A   spaced\ttitle', publisher: '  Quoted  ' });
  });
});

describe('/corpus add of plain text', () => {
  it('refuses the attack at once, naming the upload, the line and the reason', async () => {
    expect(errorsOf(await upload('attack.txt', `${ATTACK}\n`))).toEqual([`attack.txt:1: heading is ${ATTACK.length - 2} characters long; at most ${MAX_HEADING_LENGTH} are allowed`]);
  });

  it('trims a long run of blanks before the last paragraph at once and keeps both paragraphs', async () => {
    const result = await upload('blanks.txt', `First.\n${' \n'.repeat(50_000)}Last.\n${' '.repeat(10_000)}`);
    if (!result.ok) throw new Error(result.reason);
    expect(result.source.paragraphs.map((paragraph) => paragraph.text)).toEqual(['First.', 'Last.']);
    expect(result.text.endsWith('\nLast.\n')).toBe(true);
  });

  it('refuses one line of text with a long run of spaces inside as a paragraph past the limit', async () => {
    expect(errorsOf(await upload('line.txt', `a${SPACES}x`))).toEqual([
      `line.txt:1: paragraph is ${SPACES.length + 2} characters long; at most ${MAX_PARAGRAPH_LENGTH} are allowed (separate paragraphs with a blank line)`,
    ]);
  });
});

describe('text shown or looked up', () => {
  it('escapes markdown of a long run of blank lines before a figure at once', () => {
    const text = `${'\n'.repeat(100_000)}1x\n 2. item`;
    expect(escapeMarkdown(text)).toBe(`${'\n'.repeat(100_000)}1x\n 2\\. item`);
  });

  it('reads a /source reference with a long run of spaces inside at once', () => {
    expect(parseParagraphReference(`004${SPACES}x`)).toEqual({ sourceId: `004${SPACES}x` });
    expect(parseParagraphReference(`  004 :${SPACES}¶ 3 `)).toEqual({ sourceId: '004', paragraph: 3 });
    expect(parseParagraphReference('004 ¶3')).toEqual({ sourceId: '004', paragraph: 3 });
  });
});
