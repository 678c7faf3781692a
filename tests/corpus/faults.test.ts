import { chmod, mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatCorpusError } from '../../src/corpus/model.js';
import { Library, type ReloadOutcome } from '../../src/library/library.js';

/** Each fault hits a live index that already serves a good corpus: it must refuse, say why, and keep serving. */
let dir: string;
let live: Library;
const report = (id: string, text: string) => `---\nid: ${id}\n---\n\n${text}\n`;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'corpus-faults-'));
  await writeFile(path.join(dir, 'a.md'), report('a', 'The lighthouse keeper counted ninety ships.'));
  const opened = await Library.open(dir);
  if (!opened.ok) throw new Error('setup corpus does not load');
  live = opened.library;
});
afterEach(async () => {
  await chmod(dir, 0o755).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

function expectRefused(outcome: ReloadOutcome, message: RegExp): void {
  expect(outcome.kind).toBe('invalid');
  if (outcome.kind !== 'invalid') return;
  expect(outcome.errors.map(formatCorpusError).join('\n')).toMatch(message);
  // The previous index keeps answering, whole.
  expect(live.current.find('lighthouse keeper ships').map((hit) => hit.paragraph.id)).toEqual(['a:1']);
}

describe('faults in the corpus folder', () => {
  it('a file over 1 MB (50 MB) is refused without being read', async () => {
    await writeFile(path.join(dir, 'huge.md'), Buffer.alloc(50 * 1024 * 1024, 'a'));
    expectRefused(await live.reload(), /^huge\.md: is 52428800 bytes; a report file may be at most 1000000 bytes \(1 MB\)$/);
  });

  it('invalid UTF-8 names the file and line', async () => {
    await writeFile(path.join(dir, 'bad.md'), Buffer.concat([Buffer.from('---\nid: bad\n---\n\n'), Buffer.from([0xff, 0xfe, 0x0a])]));
    expectRefused(await live.reload(), /^bad\.md:5: is not valid UTF-8 text$/);
  });

  it('a file that is not text is refused', async () => {
    await writeFile(path.join(dir, 'image.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    expectRefused(await live.reload(), /^image\.md: is not a text file/);
  });

  it('a link pointing outside the folder is never followed', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'corpus-outside-'));
    await writeFile(path.join(outside, 'secret.md'), report('secret', 'Private notes.'));
    await symlink(path.join(outside, 'secret.md'), path.join(dir, 'secret.md'));
    expectRefused(await live.reload(), /^secret\.md: is a symbolic link; the corpus folder must hold the files themselves \(put the file here instead of a link\)$/);
    expect(live.current.find('private notes')).toEqual([]);
    await rm(outside, { recursive: true, force: true });
  });

  it('a dangling link, and a link to a report inside the folder, are refused by name', async () => {
    await symlink(path.join(dir, 'nowhere.md'), path.join(dir, 'gone.md'));
    expectRefused(await live.reload(), /^gone\.md: is a symbolic link; the corpus folder must hold the files themselves \(put the file here instead of a link\)$/);
    await unlink(path.join(dir, 'gone.md'));
    await writeFile(path.join(dir, 'b.txt'), report('b', 'A second report about the harbour.'));
    await symlink('b.txt', path.join(dir, 'b.md'));
    expectRefused(await live.reload(), /^b\.md: is a symbolic link; the corpus folder must hold the files themselves \(put the file here instead of a link\)$/);
  });

  it('a .history that is a link (or a file) is refused by name, at reload and at start', async () => {
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'corpus-history-elsewhere-'));
    await symlink(elsewhere, path.join(dir, '.history'));
    expectRefused(await live.reload(), /^\.history: is a symbolic link; the corpus folder must hold the files themselves \(put the file here instead of a link\); \/corpus keeps replaced and removed reports in this folder$/);
    const atStart = await Library.open(dir);
    expect(atStart.ok).toBe(false);
    if (!atStart.ok) expect(atStart.errors.map(formatCorpusError)).toEqual([expect.stringMatching(/^\.history: is a symbolic link/)]);
    await unlink(path.join(dir, '.history'));
    await writeFile(path.join(dir, '.history'), 'not a folder');
    expectRefused(await live.reload(), /^\.history: is not a folder; \/corpus keeps replaced and removed reports in this folder$/);
    await rm(elsewhere, { recursive: true, force: true });
  });

  it('a file deleted while a reload runs leaves either the old corpus or a whole new one', async () => {
    for (let n = 0; n < 300; n++) await writeFile(path.join(dir, `n${String(n).padStart(3, '0')}.md`), report(`n${n}`, `Note ${n} about harbour cranes.`));
    const reloading = live.reload();
    await unlink(path.join(dir, 'n299.md'));
    const outcome = await reloading;
    if (outcome.kind === 'invalid') expectRefused(outcome, /^n299\.md: cannot be read \(ENOENT\)$/);
    else {
      expect(outcome.kind).toBe('reloaded');
      const ids = live.current.corpus.sources.map((source) => source.id);
      expect(ids).toContain('n298');
      expect(ids.length === 301 || ids.length === 300).toBe(true);
    }
  });

  it('duplicate ids across files name both files', async () => {
    await writeFile(path.join(dir, 'b.md'), report('a', 'Another report claiming id a.'));
    expectRefused(await live.reload(), /^b\.md:2: id "a" is already used by a\.md$/);
  });

  it('an emptied folder is refused', async () => {
    await unlink(path.join(dir, 'a.md'));
    expectRefused(await live.reload(), /holds no report files/);
  });

  it('a corpus path that is not a folder is refused', async () => {
    const file = path.join(dir, 'a.md');
    const opened = await Library.open(file);
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.errors.map(formatCorpusError)).toEqual(['a.md: cannot be read as a folder (ENOTDIR)']);
  });

  it.skipIf(process.getuid?.() === 0)('a folder that cannot be read is refused (not testable as root, who reads everything)', async () => {
    await chmod(dir, 0o000);
    expectRefused(await live.reload(), /cannot be read as a folder \(EACCES\)/);
  });

  it('10,000 small files load, and a second reload finds nothing changed', async () => {
    await mkdir(dir, { recursive: true });
    await Promise.all(
      Array.from({ length: 10_000 }, (_, n) => writeFile(path.join(dir, `m${String(n).padStart(5, '0')}.md`), report(`m${n}`, `Minute ${n} of the harbour log.`))),
    );
    const first = await live.reload();
    expect(first.kind).toBe('reloaded');
    expect(live.current.corpus.sources).toHaveLength(10_001);
    const second = await live.reload();
    expect(second.kind === 'reloaded' && second.diff.addedSources).toEqual([]);
    expect(live.current.find('lighthouse keeper ships').map((hit) => hit.paragraph.id)).toEqual(['a:1']);
  }, 60_000);

  it('a reload asked for while one runs waits it out, and then sees the folder as it is now', async () => {
    const first = live.reload();
    await writeFile(path.join(dir, 'late.md'), report('late', 'Written while the first reload ran.'));
    const second = await live.reload();
    expect((await first).kind).toBe('reloaded');
    // Not refused as busy: it ran after the first, whichever of the two first read the new file.
    expect(second.kind).toBe('reloaded');
    expect(live.current.find('written while the first reload ran').map((hit) => hit.paragraph.id)).toEqual(['late:1']);
  });

  it('reloads asked for while one runs share the one run after it', async () => {
    const runs: string[] = [];
    live.onReload((result) => runs.push(result));
    const first = live.reload();
    // By the next turn of the event loop the first has started reading; the rest wait behind it.
    await new Promise((resolve) => setImmediate(resolve));
    const waiting = [live.reload(), live.reload(), live.reload()];
    expect(waiting[1]).toBe(waiting[0]);
    expect(waiting[2]).toBe(waiting[0]);
    await Promise.all([first, ...waiting]);
    expect(runs).toEqual(['reloaded', 'reloaded']);
  });
});
