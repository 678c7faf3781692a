import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { formatCorpusError, type LoadResult } from '../../src/corpus/model.js';

const SEEDS = path.join('..', 'shared', 'seeds');
const temporaryDirs: string[] = [];
async function corpusWith(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'corpus-'));
  temporaryDirs.push(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}
afterEach(async () => {
  await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function errorsOf(result: LoadResult): string[] {
  if (result.ok) throw new Error('expected the load to fail');
  return result.errors.map(formatCorpusError);
}

const report = (id: string, body = 'A paragraph.') => `---\nid: ${id}\n---\n\n${body}\n`;

describe('the shipped corpus', () => {
  it('holds the three reports with numbered paragraphs, headings and only the metadata they state', async () => {
    const result = await loadCorpus('corpus');
    if (!result.ok) throw new Error(result.errors.map(formatCorpusError).join('\n'));
    const [first, second, third] = result.corpus.sources;
    expect(result.corpus.sources.map((source) => [source.id, source.paragraphs.length])).toEqual([
      ['000', 11],
      ['003', 7],
      ['004', 6],
    ]);
    expect(first?.title).toBeUndefined();
    expect(first?.publisher).toBeUndefined();
    expect(second?.headings).toContain('Troop morale and distractions');
    expect(second?.paragraphs[6]?.heading).toBe('Troop morale and distractions');
    expect(third?.publisher).toBe('The Asia Business Daily');
    expect(third?.title).toBe('Russia to Mobilize 50,000 Troops Including North Korean Forces... Kursk Attack Imminent');
    expect(third?.paragraphs[2]?.id).toBe('004:3');
  });

  // The seed reports sit beside the repository (../shared/seeds); CI has them, a lone clone may not.
  it.skipIf(!existsSync(SEEDS))('keeps every paragraph and heading verbatim from the seed reports', async () => {
    const result = await loadCorpus('corpus');
    if (!result.ok) throw new Error('corpus failed to load');
    const seeds = await Promise.all(['000_02d54758156110cf.txt', '003_b1de7181e84c39ef.txt', '004_b541f1568932f5fb.txt'].map((name) => readFile(path.join(SEEDS, name), 'utf8')));
    for (const [index, seed] of seeds.entries()) {
      const source = result.corpus.sources[index]!;
      for (const paragraph of source.paragraphs) expect(seed).toContain(paragraph.text);
      for (const heading of source.headings) expect(seed).toContain(heading);
    }
  });

  it('drops the page chrome', async () => {
    const result = await loadCorpus('corpus');
    if (!result.ok) throw new Error('corpus failed to load');
    const texts = result.corpus.sources.flatMap((source) => source.paragraphs.map((paragraph) => paragraph.text));
    for (const chrome of ['bar_progress', 'Text Size', 'Join us on social!', '본문 바로가기', 'All rights reserved']) {
      expect(texts.some((text) => text.includes(chrome))).toBe(false);
    }
  });

  it('gives the same version for the same files and a new one when a file changes', async () => {
    const a = await loadCorpus(await corpusWith({ 'a.md': report('a') }));
    const b = await loadCorpus(await corpusWith({ 'a.md': report('a') }));
    const c = await loadCorpus(await corpusWith({ 'a.md': report('a', 'Another paragraph.') }));
    if (!a.ok || !b.ok || !c.ok) throw new Error('load failed');
    expect(a.corpus.version).toBe(b.corpus.version);
    expect(c.corpus.version).not.toBe(a.corpus.version);
  });
});

describe('a broken corpus is refused whole, naming file, line and reason', () => {
  it.each([
    ['no front matter', 'Just text.\n', 'x.md:1: must start with a front matter line "---"'],
    ['unclosed front matter', '---\nid: x\n\nText.\n', 'x.md:1: front matter opened with "---" is never closed'],
    ['missing id', '---\ntitle: T\n---\n\nText.\n', 'x.md:1: front matter has no "id"'],
    ['unknown key', '---\nid: x\ntilte: T\n---\n\nText.\n', 'x.md:3: unknown front matter key "tilte"'],
    ['malformed line', '---\nid: x\njust words\n---\n\nText.\n', 'x.md:3: front matter line is not "key: value"'],
    ['"__proto__" key', '---\nid: x\n__proto__: T\n---\n\nText.\n', 'x.md:3: unknown front matter key "__proto__"'],
    ['"constructor" key', '---\nid: x\nconstructor: T\n---\n\nText.\n', 'x.md:3: unknown front matter key "constructor"'],
    ['"toString" key', '---\nid: x\ntoString: T\n---\n\nText.\n', 'x.md:3: unknown front matter key "tostring"'],
    ['bad date', '---\nid: x\ndate: 10th of November\n---\n\nText.\n', 'x.md:3: "date" must be a date written YYYY-MM-DD'],
    ['bad id', '---\nid: a b/c\n---\n\nText.\n', 'x.md:2: "id" must be 1-32 letters'],
    ['empty body', '---\nid: x\n---\n\n   \n', 'x.md:4: has no paragraphs after the front matter'],
    ['only headings', '---\nid: x\n---\n\n## Heading\n', 'x.md:4: has no paragraphs'],
  ])('%s', async (_case, content, expected) => {
    const errors = errorsOf(await loadCorpus(await corpusWith({ 'good.md': report('good'), 'x.md': content })));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
  });

  it('names the line with bytes that are not UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('---\nid: x\n---\n\nfine\n'), Buffer.from([0x66, 0xc3, 0x28, 0x0a])]);
    expect(errorsOf(await loadCorpus(await corpusWith({ 'x.md': bytes })))).toEqual(['x.md:6: is not valid UTF-8 text']);
  });

  it('refuses a binary file', async () => {
    expect(errorsOf(await loadCorpus(await corpusWith({ 'x.md': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]) })))).toEqual([
      'x.md: is not a text file (it contains NUL bytes)',
    ]);
  });

  it('names both files and the id line of a duplicate id', async () => {
    const errors = errorsOf(await loadCorpus(await corpusWith({ 'a.md': report('same'), 'b.md': '---\ntitle: T\nid: same\n---\n\nText.\n' })));
    expect(errors).toEqual(['b.md:3: id "same" is already used by a.md']);
  });

  it('reports every broken file at once', async () => {
    const errors = errorsOf(await loadCorpus(await corpusWith({ 'a.md': 'no front matter', 'b.md': report('b', ''), 'c.md': report('c') })));
    expect(errors.map((error) => error.split(':')[0])).toEqual(['a.md', 'b.md']);
  });

  it('refuses an empty folder and a missing one', async () => {
    expect(errorsOf(await loadCorpus(await corpusWith({ 'notes.txt': 'not a report' })))[0]).toMatch(/holds no report files/);
    expect(errorsOf(await loadCorpus('/nonexistent/corpus'))[0]).toMatch(/^corpus: cannot be read as a folder \(ENOENT\)/);
  });

  it('does not follow a link out of the corpus folder', async () => {
    const outside = await corpusWith({ 'secret.md': report('secret', 'Private text.') });
    const dir = await corpusWith({ 'a.md': report('a') });
    await symlink(path.join(outside, 'secret.md'), path.join(dir, 'link.md'));
    expect(errorsOf(await loadCorpus(dir))).toEqual(['link.md: is a symbolic link; the corpus folder must hold the files themselves (put the file here instead of a link)']);
  });

  it('refuses a folder named like a report', async () => {
    const dir = await corpusWith({ 'a.md': report('a') });
    await mkdir(path.join(dir, 'sub.md'));
    expect(errorsOf(await loadCorpus(dir))).toEqual(['sub.md: is not a regular file']);
  });
});

describe('paragraphs', () => {
  it('are split on blank lines, keep hard-wrapped lines verbatim, and carry the heading above them', async () => {
    const dir = await corpusWith({
      'a.md': '---\nid: a\ntitle: "Quoted title"\n---\n\nFirst line\nsecond line.\n\n## Section\nUnder the heading.\n\nAlso under it.\n',
    });
    const result = await loadCorpus(dir);
    if (!result.ok) throw new Error('load failed');
    const source = result.corpus.sources[0]!;
    expect(source.title).toBe('Quoted title');
    expect(source.paragraphs.map((paragraph) => [paragraph.id, paragraph.text, paragraph.heading, paragraph.line])).toEqual([
      ['a:1', 'First line\nsecond line.', undefined, 6],
      ['a:2', 'Under the heading.', 'Section', 10],
      ['a:3', 'Also under it.', 'Section', 12],
    ]);
  });

  it('reads Windows line endings and a byte order mark', async () => {
    const result = await loadCorpus(await corpusWith({ 'a.md': '\uFEFF---\r\nid: a\r\n---\r\n\r\nOne.\r\n\r\nTwo.\r\n' }));
    if (!result.ok) throw new Error(result.errors.map(formatCorpusError).join());
    expect(result.corpus.sources[0]!.paragraphs.map((paragraph) => paragraph.text)).toEqual(['One.', 'Two.']);
  });
});
