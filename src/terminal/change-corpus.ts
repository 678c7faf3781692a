/**
 * `npm run ask -- --add FILE [--id ID] [--title T] [--publisher P]` and `--remove ID`: the moderator's
 * /corpus add and remove for someone with a shell, through the same library (checks, atomic write with
 * history, undo when the folder no longer loads). A running bot quotes the change after /reload.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_FILE_BYTES, tooLargeReason } from '../corpus/file-size.js';
import { formatCorpusError } from '../corpus/model.js';
import type { ChangeOutcome, Library } from '../library/library.js';

export interface AddRequest {
  readonly file: string;
  readonly id?: string | undefined;
  readonly title?: string | undefined;
  readonly publisher?: string | undefined;
}

/** Adds (or replaces) a report from a file; returns the exit code (0 done, 1 refused). */
export async function addFromFile(library: Library, request: AddRequest, note: (text: string) => void): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = await readFile(request.file);
  } catch (error) {
    note(`Cannot read ${request.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    return 1;
  }
  if (bytes.length > MAX_FILE_BYTES) {
    note(`${request.file} ${tooLargeReason(bytes.length)}.`);
    return 1;
  }
  const { file: _file, ...options } = request;
  return reportChange(await library.add({ name: path.basename(request.file), bytes, ...options }), library, note);
}

export async function removeById(library: Library, sourceId: string, note: (text: string) => void): Promise<number> {
  return reportChange(await library.remove(sourceId.trim()), library, note);
}

/** What became of a change, for the person at the shell; the exit code. */
export function reportChange(outcome: ChangeOutcome, library: Library, note: (text: string) => void): number {
  if (outcome.kind === 'refused') {
    note(['Nothing was changed: ' + outcome.reason, ...(outcome.errors ?? []).map(formatCorpusError)].join('\n'));
    return 1;
  }
  const { change } = outcome;
  if (outcome.kind === 'undone') {
    const failed = outcome.undoError ? `\nThe folder could not be restored (${outcome.undoError.message}): check ${library.corpusDir} by hand.` : '';
    note(`The corpus folder does not load with this change, so it was taken back:\n${outcome.errors.map(formatCorpusError).join('\n')}${failed}`);
    return 1;
  }
  const done = { add: 'Added', replace: 'Replaced', remove: 'Removed' }[change.action];
  const kept = change.history ? `; the previous version is kept in ${change.history}` : '';
  note(
    `${done} ${outcome.source.id} (${change.file} in ${library.corpusDir})${kept}. Corpus version ${outcome.corpus.version}; run /reload in Discord (or restart the bot) to quote it.`,
  );
  return 0;
}
