import { z } from 'zod';
import { runAtOnce, runInSlices, type SlicedWork } from '../time-slices.js';
import type { CorpusError, Paragraph, Source } from './model.js';
import { paragraphId } from './paragraph-id.js';

/** What a report file's front matter may hold. Unknown keys are refused so a typo ("tilte") is caught. */
const frontMatterSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'must be 1-32 letters, digits, "-" or "_"'),
  title: z.string().min(1).max(256).optional(),
  publisher: z.string().min(1).max(200).optional(),
  date: z.iso.date('must be a date written YYYY-MM-DD').optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "en" or "ko"').optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  copyright: z.string().min(1).max(500).optional(),
});

const FENCE = '---';
/**
 * Longest heading text: a longer "# …" line is surely a paragraph that lost its blank line, or not
 * text at all, and a heading is shown whole in Discord's labels.
 */
export const MAX_HEADING_LENGTH = 200;
/**
 * Longest paragraph: several times a long news paragraph, and more than Discord shows in one message.
 * Longer text is surely paragraphs without blank lines between them; it would also hold the event
 * loop while it is indexed as one piece.
 */
export const MAX_PARAGRAPH_LENGTH = 10_000;
/** Longest front matter line: room for the longest value (a URL), with the key. */
export const MAX_FRONT_MATTER_LINE_LENGTH = 2_000;
/**
 * "key: value" with the key at the start. One unbounded quantifier per character class and nothing
 * after the value, so a failed match costs one pass over the line (spaces around the value are trimmed apart).
 */
const KEY_VALUE = /^([A-Za-z_]+)[ \t]*:(.*)$/;

/** `idLine` lets the loader point at the id when two files share it. */
type ParseResult = { ok: true; source: Source; idLine: number } | { ok: false; errors: CorpusError[] };

/** Decodes strict UTF-8, naming the first line with bytes that are not. */
export function decodeUtf8(file: string, bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: CorpusError } {
  if (bytes.includes(0)) return { ok: false, error: { file, line: 0, reason: 'is not a text file (it contains NUL bytes)' } };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: { file, line: firstLineNotUtf8(bytes), reason: 'is not valid UTF-8 text' } };
  }
  return { ok: true, text: text.startsWith('\uFEFF') ? text.slice(1) : text };
}

/**
 * The first line whose bytes are not UTF-8, found by halving: newline bytes never occur inside a
 * multi-byte sequence, so the text up to a line's end decodes exactly when every line up to it does.
 * About twenty decodings of at most the whole file, however many lines it has.
 */
function firstLineNotUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decodes = (end: number) => {
    try {
      decoder.decode(bytes.subarray(0, end));
      return true;
    } catch {
      return false;
    }
  };
  const lineEnds: number[] = [];
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) lineEnds.push(at);
  lineEnds.push(bytes.length);
  let low = 0;
  let high = lineEnds.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (decodes(lineEnds[middle]!)) low = middle + 1;
    else high = middle;
  }
  return low + 1;
}

/** Parses one report file: front matter between "---" lines, then paragraphs separated by blank lines. */
export function parseSourceFile(file: string, content: string): ParseResult {
  return runAtOnce(parseSteps(file, content));
}

/** As parseSourceFile, letting the event loop run meanwhile: a 1 MB file may hold 300,000 paragraphs. */
export function parseSourceFileInSlices(file: string, content: string): Promise<ParseResult> {
  return runInSlices(parseSteps(file, content));
}

/** Lines read between two points where parsing may pause. */
const LINES_PER_STEP = 1_000;

function* parseSteps(file: string, content: string): SlicedWork<ParseResult> {
  const lines = yield* splitLines(content);
  const errors: CorpusError[] = [];
  const at = (line: number, reason: string) => errors.push({ file, line, reason });

  if (lines[0]?.trim() !== FENCE) {
    at(1, 'must start with a front matter line "---"');
    return { ok: false, errors };
  }
  let close = -1;
  for (let index = 1; index < lines.length && close === -1; index++) {
    if (index % LINES_PER_STEP === 0) yield;
    if (lines[index]!.trim() === FENCE) close = index;
  }
  if (close === -1) {
    at(1, 'front matter opened with "---" is never closed');
    return { ok: false, errors };
  }

  // Maps, not objects: a key such as "__proto__" or "constructor" is then just an unknown key.
  const fields = new Map<string, string>();
  const keyLine = new Map<string, number>();
  for (let index = 1; index < close; index++) {
    if (index % LINES_PER_STEP === 0) yield;
    const line = lines[index] ?? '';
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (line.length > MAX_FRONT_MATTER_LINE_LENGTH) {
      at(index + 1, `front matter line is ${line.length} characters long; at most ${MAX_FRONT_MATTER_LINE_LENGTH} are allowed`);
      continue;
    }
    const match = KEY_VALUE.exec(line);
    if (!match) {
      at(index + 1, `front matter line is not "key: value"`);
      continue;
    }
    const key = match[1]!.toLowerCase();
    if (fields.has(key)) at(index + 1, `"${key}" is given twice`);
    fields.set(key, unquote(trimBlanks(match[2]!)));
    keyLine.set(key, index + 1);
  }

  const parsed = frontMatterSchema.safeParse(Object.fromEntries(fields));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : String(issue.path[0] ?? '');
      const line = (key && keyLine.get(key)) || 1;
      const reason =
        issue.code === 'unrecognized_keys'
          ? `unknown front matter key "${issue.keys.join('", "')}" (allowed: ${Object.keys(frontMatterSchema.shape).join(', ')})`
          : key === 'id' && !fields.has('id')
            ? 'front matter has no "id"'
            : `"${key ?? ''}" ${issue.message}`;
      at(line, reason);
    }
  }
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  const meta = parsed.data;

  const paragraphs: Paragraph[] = [];
  const headings: string[] = [];
  let heading: string | undefined;
  let blockStart = -1;
  const closeBlock = (end: number) => {
    if (blockStart === -1) return;
    let first = blockStart;
    const headingText = parseHeading(lines[first]!);
    if (headingText !== undefined) {
      if (headingText.length > MAX_HEADING_LENGTH) {
        at(first + 1, `heading is ${headingText.length} characters long; at most ${MAX_HEADING_LENGTH} are allowed`);
      }
      heading = headingText;
      headings.push(heading);
      first += 1;
    }
    if (first < end) {
      const text = lines.slice(first, end).join('\n').trim();
      if (text.length > MAX_PARAGRAPH_LENGTH) {
        at(first + 1, `paragraph is ${text.length} characters long; at most ${MAX_PARAGRAPH_LENGTH} are allowed (separate paragraphs with a blank line)`);
      }
      const number = paragraphs.length + 1;
      paragraphs.push({ sourceId: meta.id, number, id: paragraphId(meta.id, number), text, line: first + 1, ...(heading ? { heading } : {}) });
    }
    blockStart = -1;
  };
  for (let index = close + 1; index < lines.length; index++) {
    if (index % LINES_PER_STEP === 0) yield;
    const blank = lines[index]!.trim() === '';
    if (blank) closeBlock(index);
    else if (blockStart === -1) blockStart = index;
  }
  closeBlock(lines.length);
  if (errors.length > 0) return { ok: false, errors };

  if (paragraphs.length === 0) {
    at(close + 2, 'has no paragraphs after the front matter');
    return { ok: false, errors };
  }
  return { ok: true, source: { ...meta, file, headings, paragraphs }, idLine: keyLine.get('id') ?? 1 };
}

/** The lines of a text, whatever their ends ("\n", "\r\n" or "\r"), pausing every so many (as split would not). */
function* splitLines(text: string): SlicedWork<string[]> {
  const next = (character: string, from: number) => {
    const at = text.indexOf(character, from);
    return at === -1 ? Infinity : at;
  };
  const lines: string[] = [];
  let start = 0;
  let lineFeed = next('\n', 0);
  let carriageReturn = next('\r', 0);
  for (;;) {
    if (lineFeed < start) lineFeed = next('\n', start);
    if (carriageReturn < start) carriageReturn = next('\r', start);
    const end = Math.min(lineFeed, carriageReturn, text.length);
    lines.push(text.slice(start, end));
    if (end === text.length) return lines;
    start = end + (end === carriageReturn && lineFeed === end + 1 ? 2 : 1);
    if (lines.length % LINES_PER_STEP === 0) yield;
  }
}

/**
 * The text of a heading line (one to six "#", a space or tab, then the text), or undefined when the
 * line is not one. Read by hand, not by a regular expression: text followed by trailing blanks is
 * the shape that made a backtracking pattern take quadratic time.
 */
function parseHeading(line: string): string | undefined {
  let level = 0;
  while (line.charCodeAt(level) === 0x23 /* # */) level++;
  if (level === 0 || level > 6 || !isBlank(line.charCodeAt(level))) return undefined;
  const text = trimBlanks(line.slice(level));
  return text === '' ? undefined : text;
}

/** The text without the spaces and tabs around it (other white space is kept, as it always was). */
function trimBlanks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

function unquote(value: string): string {
  const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  return quoted ? quoted[1]! : value;
}
