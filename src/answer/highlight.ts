import type { Span } from './reply.js';

/**
 * Text with its matched spans marked, for any renderer: `plain` and `marked` say how each stretch is
 * written (escaped, bold, coloured). Spans past the end of a cut text are clipped.
 */
export function markSpans(text: string, spans: readonly Span[], plain: (text: string) => string, marked: (text: string) => string): string {
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (start >= text.length) break;
    out += plain(text.slice(at, start)) + marked(text.slice(start, Math.min(end, text.length)));
    at = Math.min(end, text.length);
  }
  return out + plain(text.slice(at));
}
