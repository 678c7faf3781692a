/** The file operations behind /corpus: checking uploads (report-upload.ts), safe names, atomic writes, history and undo (corpus-folder.ts). */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeReport, resolveInside, writeReport } from '../../src/corpus/corpus-folder.js';
import { MAX_FILE_BYTES } from '../../src/corpus/file-size.js';
import { HISTORY_FOLDER, loadCorpus } from '../../src/corpus/load-corpus.js';
import { formatCorpusError, type Corpus } from '../../src/corpus/model.js';
import { checkUploadType, deriveId, prepareReport, sanitiseStem, type PreparedReport, type Refusal } from '../../src/corpus/report-upload.js';

/** The history folder's entries, oldest first. */
async function historyEntries(corpusDir: string): Promise<string[]> {
  return (await readdir(path.join(corpusDir, HISTORY_FOLDER)).catch(() => [] as string[])).sort();
}

const REPORT_A = ['---', 'id: a1', 'title: Report A', 'publisher: Wire A', '---', '', 'First paragraph of A.', '', 'Second paragraph of A.', ''].join('\n');
const REPORT_B = ['---', 'id: b1', 'title: Report B', '---', '', 'Only paragraph of B.', ''].join('\n');
const bytes = (text: string) => new TextEncoder().encode(text);

let parent: string;
let dir: string;
beforeEach(async () => {
  // The corpus folder sits inside a parent, so a test can check nothing appeared next to it.
  parent = await mkdtemp(path.join(tmpdir(), 'corpus-files-'));
  dir = path.join(parent, 'corpus');
  await mkdir(dir);
  await writeFile(path.join(dir, 'a1.md'), REPORT_A);
  await writeFile(path.join(dir, 'b-report.md'), REPORT_B);
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

async function corpus(): Promise<Corpus> {
  const loaded = await loadCorpus(dir);
  if (!loaded.ok) throw new Error(loaded.errors.map(formatCorpusError).join('; '));
  return loaded.corpus;
}
function prepared(result: PreparedReport | Refusal): PreparedReport {
  if (!result.ok) throw new Error(`refused: ${result.reason} ${(result.errors ?? []).map(formatCorpusError).join('; ')}`);
  return result;
}
function refused(result: PreparedReport | Refusal): string {
  if (result.ok) throw new Error('expected a refusal');
  return [result.reason, ...(result.errors ?? []).map(formatCorpusError)].join('\n');
}

describe('names', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['a/b', 'b'],
    ['a b', 'a-b'],
    ['..', undefined],
    ['.', undefined],
    ['a\u0000b.txt', 'a-b'],
    ['..\\..\\windows\\x.md', 'x'],
    ['Kursk Report (final).TXT', 'kursk-report-final'],
    ['__init__', 'init'],
    ['日本語.txt', undefined],
    ['x'.repeat(80), 'x'.repeat(32)],
  ])('deriveId(%j) = %j', (name, id) => {
    expect(deriveId(name)).toBe(id);
    if (id) expect(id).toMatch(/^[a-z0-9][a-z0-9_-]{0,31}$/);
  });

  it('sanitiseStem keeps only [a-z0-9_-], bounded, never a dot or separator', () => {
    for (const raw of ['../../etc/passwd', 'a/b', '..', 'A\\B', 'x\u0000y', '.hidden', 'con.md', '-'.repeat(10), 'ä'.repeat(200), 'y'.repeat(500)]) {
      const stem = sanitiseStem(raw);
      if (stem !== undefined) expect(stem).toMatch(/^[a-z0-9][a-z0-9_-]{0,63}$/);
    }
    expect(sanitiseStem('y'.repeat(500))).toHaveLength(64);
  });

  it('resolveInside accepts plain names only', () => {
    expect(resolveInside(dir, '004.md')).toBe(path.join(dir, '004.md'));
    expect(resolveInside(dir, '004 report.md')).toBe(path.join(dir, '004 report.md'));
    for (const bad of ['', '.', '..', '../x.md', 'a/b.md', 'a\\b.md', 'a\u0000b.md', '.hidden.md', '/etc/passwd', `${'x'.repeat(300)}.md`]) {
      expect(resolveInside(dir, bad), bad).toBeUndefined();
    }
  });

  it('checkUploadType refuses what is clearly not text', () => {
    expect(checkUploadType('r.md', 'text/markdown; charset=utf-8')).toBeUndefined();
    expect(checkUploadType('r.txt', 'text/plain')).toBeUndefined();
    expect(checkUploadType('r', null)).toBeUndefined();
    expect(checkUploadType('r.md', 'application/octet-stream')).toBeUndefined();
    expect(checkUploadType('photo.png', 'image/png')?.reason).toContain('.png');
    expect(checkUploadType('r.md', 'image/png')?.reason).toContain('image/png');
    expect(checkUploadType('r.pdf', 'application/pdf')?.reason).toContain('Only text files');
    expect(checkUploadType('r.zip', null)?.reason).toContain('.zip');
    expect(checkUploadType('../../etc/passwd', null)).toBeUndefined();
    expect(checkUploadType('..\\evil.txt', 'text/plain')).toBeUndefined();
  });
});

describe('prepareReport', () => {
  it('takes a file with front matter as is, named after its id', async () => {
    const text = ['---', 'id: c1', 'title: Report C', '---', '', 'Paragraph C.', ''].join('\n');
    const result = prepared(await prepareReport({ name: 'whatever.md', bytes: bytes(text) }, await corpus()));
    expect(result.text).toBe(text);
    expect(result.source).toMatchObject({ id: 'c1', title: 'Report C', file: 'c1.md' });
    expect(result.builtFrontMatter).toBe(false);
    expect(result.replaces).toBeUndefined();
  });

  it('builds front matter for plain text from the options only, inventing nothing', async () => {
    const text = 'First paragraph.\r\nStill the first.\r\n\r\nSecond paragraph.\r\n';
    const result = prepared(await prepareReport({ name: 'Field Notes.txt', bytes: bytes(text), title: 'Field notes' }, await corpus()));
    expect(result.text).toBe(['---', 'id: field-notes', 'title: Field notes', '---', '', 'First paragraph.', 'Still the first.', '', 'Second paragraph.', ''].join('\n'));
    expect(result.source.publisher).toBeUndefined();
    expect(result.source.paragraphs.map((paragraph) => paragraph.text)).toEqual(['First paragraph.\nStill the first.', 'Second paragraph.']);
    expect(result.source.file).toBe('field-notes.md');
    expect(result.builtFrontMatter).toBe(true);
  });

  it('keeps option values exactly, quotes included', async () => {
    const result = prepared(await prepareReport({ name: 'q.txt', bytes: bytes('Text.'), id: 'q', title: '"Quoted" title', publisher: "'Single'" }, await corpus()));
    expect(result.source.title).toBe('"Quoted" title');
    expect(result.source.publisher).toBe("'Single'");
  });

  it('refuses options that could add front matter lines', async () => {
    expect(refused(await prepareReport({ name: 'q.txt', bytes: bytes('Text.'), title: 'T\nurl: http://evil.example' }, await corpus()))).toContain('title option');
  });

  it('refuses an id option that is not an id, naming the option', async () => {
    for (const id of ['../../etc/passwd', 'a/b', '..', 'a\\b']) {
      const message = refused(await prepareReport({ name: 'x.txt', bytes: bytes('Text.'), id }, await corpus()));
      expect(message).toContain('options: "id" must be 1-32 letters, digits, "-" or "_"');
    }
  });

  it('refuses a plain text whose file name yields no id', async () => {
    expect(refused(await prepareReport({ name: '..', bytes: bytes('Text.') }, await corpus()))).toContain('give one with the id option');
  });

  it('refuses options that contradict the front matter, and accepts ones that repeat it', async () => {
    const c = await corpus();
    const text = ['---', 'id: c1', 'title: Report C', '---', '', 'Paragraph C.', ''].join('\n');
    const message = refused(await prepareReport({ name: 'c.md', bytes: bytes(text), title: 'Other', publisher: 'Wire' }, c));
    expect(message).toContain('the title option says “Other” but the file says “Report C”');
    expect(message).toContain('the publisher option says “Wire” but the file says nothing');
    prepared(await prepareReport({ name: 'c.md', bytes: bytes(text), id: 'c1', title: 'Report C' }, c));
  });

  it('refuses more than 1 MB, non-UTF-8 bytes and binary files', async () => {
    const c = await corpus();
    expect(refused(await prepareReport({ name: 'big.txt', bytes: new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61) }, c))).toContain(`at most ${MAX_FILE_BYTES} bytes`);
    const latin1 = Uint8Array.from([...bytes('line one\nline two caf'), 0xe9, 0x0a]);
    expect(refused(await prepareReport({ name: 'latin1.txt', bytes: latin1 }, c))).toContain('latin1.txt:2: is not valid UTF-8 text');
    expect(refused(await prepareReport({ name: 'bin.md', bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 1]) }, c))).toContain('contains NUL bytes');
  });

  it('names line and reason of broken front matter', async () => {
    const text = ['---', 'id: c1', 'tilte: Misspelt', '---', '', 'Paragraph.', ''].join('\n');
    expect(refused(await prepareReport({ name: 'broken.md', bytes: bytes(text) }, await corpus()))).toContain('broken.md:3: unknown front matter key "tilte"');
  });

  it('points body errors of plain text at the upload, not the built front matter', async () => {
    expect(refused(await prepareReport({ name: 'empty.txt', bytes: bytes('\n\n') }, await corpus()))).toContain('empty.txt:1: has no paragraphs');
  });

  it('replaces the source with the same id in its own file', async () => {
    const text = REPORT_B.replace('Only paragraph of B.', 'A new paragraph of B.');
    const result = prepared(await prepareReport({ name: 'new-b.md', bytes: bytes(text) }, await corpus()));
    expect(result.replaces?.id).toBe('b1');
    expect(result.source.file).toBe('b-report.md');
  });

  it('refuses an id whose file holds another source, and ids differing only by case', async () => {
    const c = await corpus();
    expect(refused(await prepareReport({ name: 'x.txt', bytes: bytes('Text.'), id: 'a1'.toUpperCase() }, c))).toContain('differs from the existing source “a1” only by case');
    // b-report.md holds b1; a new source b-report would be written there.
    expect(refused(await prepareReport({ name: 'b-report.txt', bytes: bytes('Text.') }, c))).toContain('The file b-report.md already holds source “b1”');
  });
});

describe('writeReport and removeReport', () => {
  async function folder(): Promise<string[]> {
    return (await readdir(dir)).sort();
  }

  it('adds a file atomically: no temporary file is left, the folder loads', async () => {
    const result = await writeReport(dir, 'c1.md', REPORT_A.replace('a1', 'c1'), false);
    expect(result.ok && result.change).toMatchObject({ action: 'add', file: 'c1.md' });
    expect(await folder()).toEqual(['a1.md', 'b-report.md', 'c1.md']);
    expect((await corpus()).sources.map((source) => source.id)).toEqual(['a1', 'b1', 'c1']);
    if (result.ok) await result.change.undo();
    expect(await folder()).toEqual(['a1.md', 'b-report.md']);
  });

  it('replaces a file after keeping the old one in the history folder; undo puts it back', async () => {
    const changed = REPORT_A.replace('First paragraph of A.', 'Rewritten first paragraph.');
    const result = await writeReport(dir, 'a1.md', changed, true);
    if (!result.ok) throw new Error(result.reason);
    expect(result.change.action).toBe('replace');
    expect(result.change.history).toMatch(new RegExp(`^\\${HISTORY_FOLDER}/\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z-a1\\.md$`));
    expect(await readFile(path.join(dir, 'a1.md'), 'utf8')).toBe(changed);
    expect(await readFile(path.join(dir, result.change.history!), 'utf8')).toBe(REPORT_A);
    expect(await folder()).toEqual([HISTORY_FOLDER, 'a1.md', 'b-report.md']);
    await result.change.undo();
    expect(await readFile(path.join(dir, 'a1.md'), 'utf8')).toBe(REPORT_A);
    expect(await folder()).toEqual([HISTORY_FOLDER, 'a1.md', 'b-report.md']);
  });

  it('two replaces in the same millisecond keep both old versions', async () => {
    const first = await writeReport(dir, 'a1.md', REPORT_A.replace('A.', 'A, v2.'), true);
    const second = await writeReport(dir, 'a1.md', REPORT_A.replace('A.', 'A, v3.'), true);
    expect(first.ok && second.ok).toBe(true);
    expect(await historyEntries(dir)).toHaveLength(2);
  });

  it('refuses to overwrite a file it did not expect (not yet loaded, or broken)', async () => {
    await writeFile(path.join(dir, 'c1.md'), 'not loaded yet');
    const result = await writeReport(dir, 'c1.md', REPORT_A, false);
    expect(result.ok).toBe(false);
    expect(await readFile(path.join(dir, 'c1.md'), 'utf8')).toBe('not loaded yet');
  });

  it('removes by moving into the history folder; undo moves it back', async () => {
    const result = await removeReport(dir, 'b-report.md');
    if (!result.ok) throw new Error(result.reason);
    expect(await folder()).toEqual([HISTORY_FOLDER, 'a1.md']);
    expect(await readFile(path.join(dir, result.change.history!), 'utf8')).toBe(REPORT_B);
    expect((await corpus()).sources.map((source) => source.id)).toEqual(['a1']);
    await result.change.undo();
    expect(await folder()).toEqual([HISTORY_FOLDER, 'a1.md', 'b-report.md']);
    expect(await historyEntries(dir)).toEqual([]);
  });

  it('never writes or moves anything outside the folder', async () => {
    for (const name of ['../escape.md', '..', 'a/b.md', '..\\escape.md', 'x\u0000.md', '.hidden.md', '/tmp/escape.md']) {
      expect((await writeReport(dir, name, REPORT_A, false)).ok, name).toBe(false);
      expect((await removeReport(dir, name)).ok, name).toBe(false);
    }
    expect(await folder()).toEqual(['a1.md', 'b-report.md']);
    expect((await readdir(parent)).sort()).toEqual(['corpus']);
  });
});
