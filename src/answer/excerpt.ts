import type { Paragraph, Source } from '../corpus/model.js';

/** A piece of corpus text: always a verbatim slice of a paragraph, never text of our own. */
export interface Excerpt {
  readonly text: string;
  /** False when the paragraph goes on after `text`: the renderer must say so ("…"). */
  readonly complete: boolean;
}

/**
 * The paragraph, or as much of it as fits in `maxLength`, cut after the last whole sentence
 * (or, failing one, the last whole word) so a cut never falls inside a word.
 */
export function excerpt(paragraph: Paragraph, maxLength: number): Excerpt {
  // A sentence ends at . ! ? or … (and any closing quote) before a capital: "U.S. official" goes on.
  return prefixWithin(paragraph.text, maxLength, /[.!?…]["'”’)\]]*(?=\s+["“‘(]?\p{Lu})/gu);
}

/** As much of the paragraph as fits, cut after a whole word: a preview, not a quote to read on. */
export function previewWords(paragraph: Paragraph, maxLength: number): Excerpt {
  return prefixWithin(paragraph.text, maxLength, /(?=\s)/g);
}

/** A short verbatim name for a source with no title: the first words of its first paragraph. */
export function openingWords(source: Source, maxLength: number): Excerpt {
  const first = source.paragraphs[0];
  return first ? previewWords(first, maxLength) : { text: '', complete: true };
}

function prefixWithin(text: string, maxLength: number, boundary: RegExp): Excerpt {
  if (text.length <= maxLength) return { text, complete: true };
  let cut = 0;
  for (const match of text.matchAll(boundary)) {
    const end = match.index + match[0].length;
    if (end > maxLength) break;
    cut = end;
  }
  if (cut === 0) {
    // No boundary fits: fall back to the last word boundary, then to a hard cut.
    const space = text.lastIndexOf(' ', maxLength);
    cut = space > 0 ? space : maxLength;
  }
  return { text: text.slice(0, cut).trimEnd(), complete: false };
}
