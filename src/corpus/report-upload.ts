/**
 * Turning a moderator's upload into the text of a report file: checked (type, size, encoding, front
 * matter, id clashes with the corpus as it is) before anything is written. Nothing here touches disk.
 */
import path from 'node:path';
import { MAX_FILE_BYTES, tooLargeReason } from './file-size.js';
import { findSource, formatCorpusError, type Corpus, type CorpusError, type Source } from './model.js';
import { decodeUtf8, parseSourceFileInSlices } from './parse-file.js';

/** Longest file name stem /corpus writes (ids are at most 32 characters anyway). */
const MAX_STEM = 64;

/** Extensions an upload may have: report files and plain text (or none at all). */
const TEXT_EXTENSIONS = new Set(['', '.md', '.markdown', '.txt', '.text']);

/** C0 control characters and DEL: never part of a file name or of a one-line option. */
// eslint-disable-next-line no-control-regex -- these characters are what is looked for
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** A moderator's upload: the attachment's name and bytes, plus the options given with it. */
export interface Upload {
  /** The attachment's file name as the user's client sent it (not trusted: only used for messages and a derived id). */
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly id?: string | undefined;
  readonly title?: string | undefined;
  readonly publisher?: string | undefined;
}

export interface Refusal {
  readonly ok: false;
  /** One or more sentences for the moderator. */
  readonly reason: string;
  /** File, line and reason, when the file itself is broken. */
  readonly errors?: readonly CorpusError[];
}

export interface PreparedReport {
  readonly ok: true;
  /** The report as it will be read back from disk (its `file` is the name it will have). */
  readonly source: Source;
  /** The exact text to write. */
  readonly text: string;
  /** The source with the same id that this one replaces, if any. */
  readonly replaces?: Source;
  /** Whether the front matter was built from the options (plain text) or taken from the file. */
  readonly builtFrontMatter: boolean;
}

/** Refuses names of uploads that are clearly not text: by extension and by content type (when the client sent one). */
export function checkUploadType(name: string, contentType: string | null | undefined): Refusal | undefined {
  const extension = path.extname(name.split(/[\\/]/).pop() ?? '').toLowerCase();
  if (!TEXT_EXTENSIONS.has(extension)) {
    return { ok: false, reason: `Only text files can be added (.md report files or .txt plain text); “${displayName(name)}” is a ${extension} file.` };
  }
  const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  const textual = type === '' || type.startsWith('text/') || type === 'application/octet-stream' || type === 'application/x-markdown' || type === 'application/markdown';
  if (!textual) return { ok: false, reason: `Only text files can be added; “${displayName(name)}” was uploaded as ${type}.` };
  return undefined;
}

/**
 * Checks an upload and turns it into the text of a report file. A file with front matter is taken as
 * is (options may only repeat what it says); plain text gets front matter built from the options
 * (id given, or derived from the file name) and nothing else. Nothing is read from or written to disk.
 */
export async function prepareReport(upload: Upload, corpus: Corpus): Promise<PreparedReport | Refusal> {
  const shown = displayName(upload.name);
  if (upload.bytes.length > MAX_FILE_BYTES) {
    return { ok: false, reason: `“${shown}” ${tooLargeReason(upload.bytes.length)}.` };
  }
  const decoded = decodeUtf8(shown, upload.bytes);
  if (!decoded.ok) return { ok: false, reason: `“${shown}” is not UTF-8 text: ${formatCorpusError(decoded.error)}.`, errors: [decoded.error] };
  const text = decoded.text.replace(/\r\n?/g, '\n');

  const options = { id: clean(upload.id), title: clean(upload.title), publisher: clean(upload.publisher) };
  for (const [key, value] of Object.entries(options)) {
    // A line break in an option could smuggle another front matter line in.
    if (value !== undefined && (hasControlCharacters(value) || /[\u2028\u2029]/.test(value))) return { ok: false, reason: `The ${key} option may not hold line breaks or control characters.` };
  }

  const hasFrontMatter = text.split('\n', 1)[0]!.trim() === '---';
  let fileText: string;
  let bodyOffset = 0;
  if (hasFrontMatter) {
    fileText = text;
  } else {
    const id = options.id ?? deriveId(upload.name);
    if (id === undefined) return { ok: false, reason: `No id can be made from the file name “${shown}”; give one with the id option.` };
    const header = ['---', `id: ${quote(id)}`, ...(options.title ? [`title: ${quote(options.title)}`] : []), ...(options.publisher ? [`publisher: ${quote(options.publisher)}`] : []), '---', ''];
    bodyOffset = header.length;
    // trimEnd, not /\s+$/: that pattern retries from every blank of a long run, in quadratic time.
    fileText = `${header.join('\n')}\n${text.trimEnd()}\n`;
  }

  const parsed = await parseSourceFileInSlices(shown, fileText);
  if (!parsed.ok) {
    // Errors in front matter we built are about the options; lines of the body are the upload's own.
    const errors = parsed.errors.map((error) =>
      !hasFrontMatter && error.line > 0 && error.line < bodyOffset
        ? { file: 'options', line: 0, reason: error.reason.replace('front matter has no "id"', 'no id') }
        : { ...error, line: error.line > 0 ? Math.max(1, error.line - bodyOffset) : 0 },
    );
    return { ok: false, reason: `“${shown}” is not a valid report file:`, errors };
  }
  let source = parsed.source;

  if (hasFrontMatter) {
    const mismatches = (['id', 'title', 'publisher'] as const)
      .filter((key) => options[key] !== undefined && options[key] !== source[key])
      .map((key) => `the ${key} option says “${options[key] ?? ''}” but the file says ${source[key] === undefined ? 'nothing' : `“${source[key]}”`}`);
    if (mismatches.length > 0) {
      return { ok: false, reason: `“${shown}” has front matter, which is taken as is: ${mismatches.join('; ')}. Leave those options out, or edit the file.` };
    }
  }

  const replaces = findSource(corpus, source.id);
  const lookalike = corpus.sources.find((other) => other.id !== source.id && other.id.toLowerCase() === source.id.toLowerCase());
  if (lookalike) return { ok: false, reason: `The id “${source.id}” differs from the existing source “${lookalike.id}” only by case; use “${lookalike.id}” to replace it, or another id.` };
  const file = replaces?.file ?? `${sanitiseStem(source.id) ?? 'report'}.md`;
  const clash = corpus.sources.find((other) => other.id !== source.id && other.file.toLowerCase() === file.toLowerCase());
  if (clash) return { ok: false, reason: `The file ${file} already holds source “${clash.id}”; give this report another id.` };
  source = { ...source, file };
  return { ok: true, source, text: fileText, builtFrontMatter: !hasFrontMatter, ...(replaces ? { replaces } : {}) };
}

/**
 * A safe file name stem: lower case letters, digits, "-" and "_" only (every other run of characters
 * becomes one "-"), starting with a letter or digit, at most 64 characters. Undefined when nothing is left.
 */
export function sanitiseStem(raw: string): string | undefined {
  const stem = raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, MAX_STEM)
    .replace(/[-_]+$/, '');
  return stem === '' ? undefined : stem;
}

/** An id for plain text from its file name: "../Kursk Report.txt" → "kursk-report" (at most 32 characters). */
export function deriveId(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const withoutExtension = base.replace(/\.(md|markdown|txt|text)$/i, '');
  const stem = sanitiseStem(withoutExtension);
  return stem ? sanitiseStem(stem.slice(0, 32)) : undefined;
}

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** A front matter value, quoted when the parser would otherwise trim or unquote part of it. */
export function quote(value: string): string {
  return /^["']|["']$|^\s|\s$/.test(value) ? `"${value}"` : value;
}

export function hasControlCharacters(text: string): boolean {
  return text.search(CONTROL_CHARACTERS) >= 0;
}

/** A user-supplied file name, safe to show: control characters replaced, at most 100 characters. */
export function displayName(name: string): string {
  const shown = name.replace(CONTROL_CHARACTERS, '�');
  return shown.length > 100 ? `${shown.slice(0, 99)}…` : shown;
}
