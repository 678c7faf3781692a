import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { MAX_FILE_BYTES, tooLargeReason } from './file-size.js';
import type { CorpusError, LoadResult, Source } from './model.js';
import { decodeUtf8, parseSourceFileInSlices } from './parse-file.js';

/** Files read at once: a folder of thousands of reports loads in a fraction of the time, without exhausting file handles. */
const READ_CONCURRENCY = 32;

/** Where /corpus keeps replaced and removed files: a hidden folder inside the corpus folder, never read as reports. */
export const HISTORY_FOLDER = '.history';

/** Why a symbolic link is refused, wherever it is found. */
const LINK_REFUSED = 'is a symbolic link; the corpus folder must hold the files themselves (put the file here instead of a link)';

/**
 * Reads every `*.md` file of the folder into a corpus. All or nothing: any broken file
 * makes the whole load fail with every error found, so a caller never serves half a corpus.
 */
export async function loadCorpus(dir: string): Promise<LoadResult> {
  const folder = path.basename(path.resolve(dir));
  let root: string;
  let names: string[];
  try {
    root = await realpath(dir);
    names = (await readdir(root)).filter((name) => name.endsWith('.md') && !name.startsWith('.')).sort();
  } catch (error) {
    return { ok: false, errors: [{ file: folder, line: 0, reason: `cannot be read as a folder (${describe(error)})` }] };
  }
  if (names.length === 0) return { ok: false, errors: [{ file: folder, line: 0, reason: 'holds no report files (*.md)' }] };

  const errors: CorpusError[] = [];
  const historyProblem = await checkHistoryFolder(root);
  if (historyProblem) errors.push({ file: HISTORY_FOLDER, line: 0, reason: historyProblem });
  const sources: { source: Source; idLine: number }[] = [];
  const hash = createHash('sha256');
  const reads = await mapWithConcurrency(names, READ_CONCURRENCY, (name) => readReportFile(root, name));
  for (const [index, name] of names.entries()) {
    const read = reads[index]!;
    if (!read.ok) {
      errors.push(read.error);
      continue;
    }
    hash.update(name).update('\0').update(read.text).update('\0');
    const parsed = await parseSourceFileInSlices(name, read.text);
    // A turn between files too, so thousands of small ones never add up to a stall.
    await nextTurn();
    if (parsed.ok) sources.push(parsed);
    else errors.push(...parsed.errors);
  }

  const fileOfId = new Map<string, string>();
  for (const { source, idLine } of sources) {
    const earlier = fileOfId.get(source.id);
    if (earlier) errors.push({ file: source.file, line: idLine, reason: `id "${source.id}" is already used by ${earlier}` });
    else fileOfId.set(source.id, source.file);
  }

  if (errors.length > 0) return { ok: false, errors };
  const sorted = sources.map(({ source }) => source).sort((a, b) => a.id.localeCompare(b.id));
  return { ok: true, corpus: { sources: sorted, version: hash.digest('hex').slice(0, 12) } };
}

/**
 * Why `.history` cannot take /corpus's old versions, if it cannot: it must be missing (made on the
 * first change) or a real folder, never a link that would put them somewhere else on the host.
 */
export async function checkHistoryFolder(root: string): Promise<string | undefined> {
  const info = await lstat(path.join(root, HISTORY_FOLDER)).catch(() => undefined);
  if (!info || info.isDirectory()) return undefined;
  if (info.isSymbolicLink()) return `${LINK_REFUSED}; /corpus keeps replaced and removed reports in this folder`;
  return 'is not a folder; /corpus keeps replaced and removed reports in this folder';
}

/**
 * A link is refused rather than followed: it may point anywhere on the host, and /corpus would
 * replace or move the link instead of the report it shows. O_NOFOLLOW keeps a link swapped in after
 * the check from being read.
 */
async function readReportFile(root: string, name: string): Promise<{ ok: true; text: string } | { ok: false; error: CorpusError }> {
  const fail = (reason: string) => ({ ok: false as const, error: { file: name, line: 0, reason } });
  const file = path.join(root, name);
  try {
    const entry = await lstat(file);
    if (entry.isSymbolicLink()) return fail(LINK_REFUSED);
    if (!entry.isFile()) return fail('is not a regular file');
    // O_NOFOLLOW is missing on some platforms (Windows): there the lstat above is the only guard.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- Node's types declare it on every platform
    const handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      const info = await handle.stat();
      if (!info.isFile()) return fail('is not a regular file');
      if (info.size > MAX_FILE_BYTES) return fail(tooLargeReason(info.size));
      const decoded = decodeUtf8(name, await handle.readFile());
      return decoded.ok ? decoded : { ok: false, error: decoded.error };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return fail(LINK_REFUSED);
    return fail(`cannot be read (${describe(error)})`);
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** Like Promise.all over `items.map(work)`, with at most `limit` pieces of work under way at once. */
async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
