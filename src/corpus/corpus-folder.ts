/**
 * Writing the corpus folder: files are written atomically inside the folder only; whatever is
 * replaced or removed is first kept in `.history/`, and every change can be undone (when the reload
 * that should follow it is refused).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, open, realpath, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { checkHistoryFolder, HISTORY_FOLDER } from './load-corpus.js';
import { displayName, hasControlCharacters, type Refusal } from './report-upload.js';

/** A change made on disk, and how to take it back. */
export interface CorpusChange {
  readonly action: 'add' | 'replace' | 'remove';
  /** The report file's name in the corpus folder. */
  readonly file: string;
  /** Where the previous version now is, relative to the corpus folder (replace, remove). */
  readonly history?: string;
  /** Puts the folder back as it was before the change. */
  undo(): Promise<void>;
}

/**
 * Writes a report file: to a hidden temporary file in the folder, flushed, then renamed over the
 * target, so a reader sees the old file or the new one, never half of one. A file it replaces is
 * first copied to `.history/`. `replacing` must say whether the target is expected to exist.
 */
export async function writeReport(corpusDir: string, file: string, text: string, replacing: boolean): Promise<{ ok: true; change: CorpusChange } | Refusal> {
  const root = await realpath(corpusDir);
  const target = resolveInside(root, file);
  if (!target) return { ok: false, reason: `“${displayName(file)}” is not a file name the corpus folder can hold.` };
  const existing = await lstat(target).catch(() => undefined);
  if (existing && !replacing) return { ok: false, reason: `A file named ${file} is already in the corpus folder (not yet loaded, or broken); give this report another id, or /reload first.` };
  if (replacing && (!existing || !existing.isFile())) return { ok: false, reason: `${file} is no longer a regular file in the corpus folder; run /reload and try again.` };

  let history: string | undefined;
  if (existing) {
    const kept = await keepInHistory(root, file, 'copy');
    if (typeof kept !== 'string') return kept;
    history = kept;
  }
  await writeAtomically(root, target, text);
  const change: CorpusChange = {
    action: existing ? 'replace' : 'add',
    file,
    ...(history ? { history } : {}),
    undo: async () => {
      if (history) await copyAtomically(root, path.join(root, history), target);
      else await unlink(target).catch(ignoreMissing);
    },
  };
  return { ok: true, change };
}

/** Moves a report file into `.history/` (nothing is ever deleted). */
export async function removeReport(corpusDir: string, file: string): Promise<{ ok: true; change: CorpusChange } | Refusal> {
  const root = await realpath(corpusDir);
  const target = resolveInside(root, file);
  if (!target) return { ok: false, reason: `“${displayName(file)}” is not a file name the corpus folder can hold.` };
  const existing = await lstat(target).catch(() => undefined);
  if (!existing?.isFile()) return { ok: false, reason: `${file} is no longer a regular file in the corpus folder; run /reload and try again.` };
  const history = await keepInHistory(root, file, 'move');
  if (typeof history !== 'string') return history;
  const change: CorpusChange = {
    action: 'remove',
    file,
    history,
    undo: async () => {
      if (await lstat(target).catch(() => undefined)) throw new Error(`cannot put ${file} back: a file of that name has appeared`);
      await rename(path.join(root, history), target);
    },
  };
  return { ok: true, change };
}

/**
 * The absolute path of `name` in `root`, or undefined unless it is a plain file name that stays in
 * the folder: no separators, NUL, leading dot (hidden files and "..") or control characters.
 */
export function resolveInside(root: string, name: string): string | undefined {
  if (name === '' || name.length > 255 || name.startsWith('.') || /[\\/]/.test(name) || hasControlCharacters(name)) return undefined;
  const resolved = path.resolve(root, name);
  return path.dirname(resolved) === path.resolve(root) && path.basename(resolved) === name ? resolved : undefined;
}

/**
 * Copies (replace) or moves (remove) a file to `.history/<timestamp>-<file>`; returns that path
 * relative to the folder, or a refusal when `.history` is not a real folder (a link, say).
 */
async function keepInHistory(root: string, file: string, how: 'copy' | 'move'): Promise<string | Refusal> {
  const folder = path.join(root, HISTORY_FOLDER);
  const problem = await checkHistoryFolder(root);
  if (problem) return { ok: false, reason: `Nothing was changed: ${HISTORY_FOLDER} in the corpus folder ${problem}. Ask the bot's operator to fix it.` };
  await mkdir(folder, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (let attempt = 0; ; attempt++) {
    const name = `${stamp}${attempt > 0 ? `-${attempt}` : ''}-${file}`;
    const destination = path.join(folder, name);
    const relative = path.join(HISTORY_FOLDER, name);
    if (how === 'copy') {
      try {
        await copyFile(path.join(root, file), destination, constants.COPYFILE_EXCL);
        return relative;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) throw error;
      }
    } else {
      // rename would overwrite silently: check first (the folder is only ever changed under one lock).
      if (await lstat(destination).catch(() => undefined)) continue;
      await rename(path.join(root, file), destination);
      return relative;
    }
  }
}

async function writeAtomically(root: string, target: string, text: string): Promise<void> {
  const temporary = path.join(root, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(ignoreMissing);
    throw error;
  }
  await syncFolder(root);
}

async function copyAtomically(root: string, from: string, target: string): Promise<void> {
  const temporary = path.join(root, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  await copyFile(from, temporary, constants.COPYFILE_EXCL);
  await rename(temporary, target);
  await syncFolder(root);
}

/** Makes a rename durable; some platforms cannot open a folder for it, and then this is skipped. */
async function syncFolder(root: string): Promise<void> {
  try {
    const handle = await open(root, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
