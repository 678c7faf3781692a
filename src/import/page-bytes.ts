/**
 * A downloaded or uploaded page as HTML text: what is plainly not a web page (a PDF, an image) is
 * refused by its first bytes or its content type, and the text is decoded by the charset the page
 * declares (Content-Type header, byte order mark, `<meta charset>`), UTF-8 when it declares none.
 */

export type PageText = { readonly ok: true; readonly html: string } | { readonly ok: false; readonly reason: string };

/** How far into the page a `<meta charset>` is looked for (the HTML standard's prescan reads 1024 bytes). */
const PRESCAN_BYTES = 1024;

const SIGNATURES: readonly { readonly bytes: readonly number[]; readonly offset?: number; readonly what: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x57, 0x45, 0x42, 0x50], offset: 8, what: 'a WebP image' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or an office document)' },
];

/** What a content type says the bytes are, when that is not a web page; undefined for HTML (or none given). */
export function notAPage(contentType: string | undefined): string | undefined {
  const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (type === '' || type === 'text/html' || type === 'application/xhtml+xml' || type === 'application/octet-stream') return undefined;
  if (type === 'application/pdf') return 'a PDF document';
  if (type.startsWith('image/')) return `an image (${type})`;
  return `${type}, not a web page`;
}

export function decodePage(bytes: Uint8Array, contentType?: string): PageText {
  const signature = SIGNATURES.find(({ bytes: magic, offset = 0 }) => magic.every((byte, index) => bytes[offset + index] === byte));
  const refusedType = signature?.what ?? notAPage(contentType);
  if (refusedType) {
    const advice = refusedType.startsWith('a PDF') ? ' Copy the report’s text into a .txt file and add that instead.' : '';
    return { ok: false, reason: `This is ${refusedType}; only web pages (HTML) can be imported.${advice}` };
  }
  const declared = bomCharset(bytes) ?? headerCharset(contentType) ?? metaCharset(bytes);
  const charset = declared ?? 'utf-8';
  let html: string;
  try {
    const decoder = new TextDecoder(charset, { fatal: true });
    html = decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
  } catch (error) {
    if (error instanceof RangeError)
      return { ok: false, reason: `The page declares the character set “${charset.slice(0, 40)}”, which is not one this import knows.` };
    // Text is never repaired by guessing: a wrong byte would end up quoted as if the report said it.
    return {
      ok: false,
      reason: declared
        ? `The page says it is written in ${charset}, but its bytes are not valid ${charset}.`
        : 'The page does not say which character set it is written in, and it is not UTF-8; save it again as UTF-8 (or with its charset declared).',
    };
  }
  if (html.includes('\u0000')) return { ok: false, reason: 'This is not a text file (it contains NUL bytes); only web pages (HTML) can be imported.' };
  return { ok: true, html };
}

function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function headerCharset(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

/** `<meta charset="x">` or `<meta http-equiv="Content-Type" content="text/html; charset=x">` near the top of the page. */
function metaCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, PRESCAN_BYTES));
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(tag);
    if (direct) return direct[1]!.toLowerCase();
  }
  return undefined;
}

/** The 32 characters windows-1252 has at 0x80-0x9F (undefined bytes stay as their C1 code point, as browsers do). */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Node's TextDecoder decodes windows-1252 (which the web uses for every "latin1" and "iso-8859-1"
 * label) as ISO-8859-1, turning curly quotes and dashes (0x80-0x9F) into control characters.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192);
    text += String.fromCharCode(...chunk.map((byte) => byte)).replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
  }
  return text;
}
