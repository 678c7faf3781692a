import { z } from 'zod';
import type { CorpusError, Paragraph, Source } from './model.js';

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

const HEADING = /^#{1,6}[ \t]+(.+?)[ \t]*$/;
const FENCE = '---';

/** `idLine` lets the loader point at the id when two files share it. */
type ParseResult = { ok: true; source: Source; idLine: number } | { ok: false; errors: CorpusError[] };

/** Decodes strict UTF-8, naming the first line with bytes that are not. */
export function decodeUtf8(file: string, bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: CorpusError } {
  if (bytes.includes(0)) return { ok: false, error: { file, line: 0, reason: 'is not a text file (it contains NUL bytes)' } };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  // Newline bytes never occur inside a multi-byte sequence, so each line decodes on its own.
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return { ok: false, error: { file, line, reason: 'is not valid UTF-8 text' } };
    }
    start = end + 1;
    line += 1;
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  return { ok: true, text: text.startsWith('\uFEFF') ? text.slice(1) : text };
}

/** Parses one report file: front matter between "---" lines, then paragraphs separated by blank lines. */
export function parseSourceFile(file: string, content: string): ParseResult {
  const lines = content.replace(/\r\n?/g, '\n').split('\n');
  const errors: CorpusError[] = [];
  const at = (line: number, reason: string) => errors.push({ file, line, reason });

  if (lines[0]?.trim() !== FENCE) {
    at(1, 'must start with a front matter line "---"');
    return { ok: false, errors };
  }
  const close = lines.findIndex((line, index) => index > 0 && line.trim() === FENCE);
  if (close === -1) {
    at(1, 'front matter opened with "---" is never closed');
    return { ok: false, errors };
  }

  // Maps, not objects: a key such as "__proto__" or "constructor" is then just an unknown key.
  const fields = new Map<string, string>();
  const keyLine = new Map<string, number>();
  for (let index = 1; index < close; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = /^([A-Za-z_]+)[ \t]*:[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!match) {
      at(index + 1, `front matter line is not "key: value"`);
      continue;
    }
    const key = match[1]!.toLowerCase();
    if (fields.has(key)) at(index + 1, `"${key}" is given twice`);
    fields.set(key, unquote(match[2]!));
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
            : `"${key}" ${issue.message}`;
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
    const headingMatch = HEADING.exec(lines[first]!);
    if (headingMatch) {
      heading = headingMatch[1]!;
      headings.push(heading);
      first += 1;
    }
    if (first < end) {
      const text = lines.slice(first, end).join('\n').trim();
      const number = paragraphs.length + 1;
      paragraphs.push({ sourceId: meta.id, number, id: `${meta.id}:${number}`, text, line: first + 1, ...(heading ? { heading } : {}) });
    }
    blockStart = -1;
  };
  for (let index = close + 1; index < lines.length; index++) {
    const blank = lines[index]!.trim() === '';
    if (blank) closeBlock(index);
    else if (blockStart === -1) blockStart = index;
  }
  closeBlock(lines.length);

  if (paragraphs.length === 0) {
    at(close + 2, 'has no paragraphs after the front matter');
    return { ok: false, errors };
  }
  return { ok: true, source: { ...meta, file, headings, paragraphs }, idLine: keyLine.get('id') ?? 1 };
}

function unquote(value: string): string {
  const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  return quoted ? quoted[1]! : value;
}
