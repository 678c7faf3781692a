/**
 * `npm run ask -- --import page.html|URL [--id ID] [--write]`: prints the report file a saved page or
 * an address would make (stdout holds exactly the file; notes go to stderr), and with --write puts it
 * in the corpus folder through the same checks and atomic, history-keeping write as /corpus add.
 */
import { readFile } from 'node:fs/promises';
import { prepareReport, writeReport } from '../corpus/corpus-files.js';
import type { Corpus } from '../corpus/model.js';
import { formatCorpusError } from '../corpus/model.js';
import { MAX_PAGE_BYTES } from '../import/fetch-page.js';
import { importPageAddress, importPageBytes, isWebAddress } from '../import/import-page.js';
import { articleId, reportFileText } from '../import/report-file.js';

export interface ImportRequest {
  readonly page: string;
  readonly id?: string | undefined;
  readonly write: boolean;
  readonly corpusDir: string;
}

/** Runs the import and returns the exit code (0 done, 1 refused). */
export async function runImport(request: ImportRequest, corpus: Corpus, out: (text: string) => void, note: (text: string) => void): Promise<number> {
  const imported = isWebAddress(request.page) ? await importPageAddress(request.page) : await importFile(request.page);
  if (!imported.ok) {
    note(imported.reason);
    return 1;
  }
  const { article } = imported;
  const id = request.id?.trim() || articleId(article);
  if (!id) {
    note('The page states no title to make an id from; give one with --id.');
    return 1;
  }
  const text = reportFileText(article, id);
  const prepared = await prepareReport({ name: `${id}.md`, bytes: new TextEncoder().encode(text) }, corpus);
  if (!prepared.ok) {
    note([prepared.reason, ...(prepared.errors ?? []).map(formatCorpusError)].join('\n'));
    return 1;
  }
  out(text);
  note(`${prepared.source.paragraphs.length} paragraphs; left out ${article.dropped.length} lines of text${article.dropped.length > 0 ? `, the longest: ${[...article.dropped].sort((a, b) => b.length - a.length).slice(0, 3).map((line) => `“${line.slice(0, 100)}”`).join(', ')}` : ''}.`);
  if (!request.write) {
    note(`Not written. Add --write to put it in ${request.corpusDir} as ${prepared.source.file}${prepared.replaces ? ` (replacing source ${prepared.replaces.id})` : ''}.`);
    return 0;
  }
  const written = await writeReport(request.corpusDir, prepared.source.file, prepared.text, prepared.replaces !== undefined);
  if (!written.ok) {
    note(written.reason);
    return 1;
  }
  const { change } = written;
  note(`Wrote ${change.file} in ${request.corpusDir}${change.history ? `; the previous version is kept in ${change.history}` : ''}. Run /reload in Discord (or restart the bot) to quote it.`);
  return 0;
}

async function importFile(file: string) {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { ok: false as const, reason: `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.` };
  }
  if (bytes.length > MAX_PAGE_BYTES) return { ok: false as const, reason: `${file} is larger than ${MAX_PAGE_BYTES / 1024 / 1024} MB; that is not an article page.` };
  return importPageBytes(bytes);
}
