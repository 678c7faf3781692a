/**
 * `npm run ask -- --import page.html|URL [--id ID] [--write]`: prints the report file a saved page or
 * an address would make (stdout holds exactly the file; notes go to stderr), and with --write puts it
 * in the corpus folder through the library, as /corpus add does.
 */
import { readFile } from 'node:fs/promises';
import { formatCorpusError } from '../corpus/model.js';
import { MAX_PAGE_BYTES } from '../import/fetch-page.js';
import { importPageAddress, importPageBytes, isWebAddress } from '../import/import-page.js';
import { articleId, reportFileText } from '../import/report-file.js';
import type { Library } from '../library/library.js';
import { reportChange } from './change-corpus.js';

export interface ImportRequest {
  readonly page: string;
  readonly id?: string | undefined;
  readonly write: boolean;
}

/** Runs the import and returns the exit code (0 done, 1 refused). */
export async function runImport(request: ImportRequest, library: Library, out: (text: string) => void, note: (text: string) => void): Promise<number> {
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
  const upload = { name: `${id}.md`, bytes: new TextEncoder().encode(text) };
  const prepared = await library.prepare(upload);
  if (!prepared.ok) {
    note([prepared.reason, ...(prepared.errors ?? []).map(formatCorpusError)].join('\n'));
    return 1;
  }
  out(text);
  note(
    `${prepared.source.paragraphs.length} paragraphs; left out ${article.dropped.length} lines of text${
      article.dropped.length > 0
        ? `, the longest: ${[...article.dropped]
            .sort((a, b) => b.length - a.length)
            .slice(0, 3)
            .map((line) => `“${line.slice(0, 100)}”`)
            .join(', ')}`
        : ''
    }.`,
  );
  if (!request.write) {
    note(
      `Not written. Add --write to put it in ${library.corpusDir} as ${prepared.source.file}${prepared.replaces ? ` (replacing source ${prepared.replaces.id})` : ''}.`,
    );
    return 0;
  }
  return reportChange(await library.add(upload), library, note);
}

async function importFile(file: string) {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { ok: false as const, reason: `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.` };
  }
  if (bytes.length > MAX_PAGE_BYTES)
    return { ok: false as const, reason: `${file} is larger than ${MAX_PAGE_BYTES / 1024 / 1024} MB; that is not an article page.` };
  return importPageBytes(bytes);
}
