import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CorpusError, LoadResult, Source } from './model.js';
import { decodeUtf8, parseSourceFileInSlices } from './parse-file.js';

/** Files read at once: a folder of thousands of reports loads in a fraction of the time, without exhausting file handles. */
const READ_CONCURRENCY = 32;

/** A report file larger than this is refused: it is surely not one news report. */
export const MAX_FILE_BYTES = 1_000_000;

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

async function readReportFile(root: string, name: string): Promise<{ ok: true; text: string } | { ok: false; error: CorpusError }> {
  const fail = (reason: string) => ({ ok: false as const, error: { file: name, line: 0, reason } });
  try {
    const real = await realpath(path.join(root, name));
    // A link may point anywhere on the host: only files that really live in the corpus folder are read.
    if (path.dirname(real) !== root) return fail('is a link to a file outside the corpus folder; it is not read');
    const info = await stat(real);
    if (!info.isFile()) return fail('is not a regular file');
    if (info.size > MAX_FILE_BYTES) return fail(`is ${info.size} bytes; a report file may be at most ${MAX_FILE_BYTES} bytes`);
    const decoded = decodeUtf8(name, await readFile(real));
    return decoded.ok ? decoded : { ok: false, error: decoded.error };
  } catch (error) {
    return fail(`cannot be read (${describe(error)})`);
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** Like Promise.all over `items.map(work)`, with at most `limit` pieces of work under way at once. */
async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
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
