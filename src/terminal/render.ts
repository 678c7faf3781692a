import { markSpans } from '../answer/highlight.js';
import { CLOSEST_LABEL, NOT_COVERED_LABEL, type Reply, type Span } from '../answer/reply.js';
import { citation, sourceLabel, sourceTitle } from '../answer/source-label.js';
import { neighbourLine, type SourceLookup } from '../answer/source-lookup.js';
import type { Source } from '../corpus/model.js';

export interface TerminalStyle {
  /** ANSI bold for matched words when writing to a terminal; plain text when piped. */
  readonly color: boolean;
}

const bold = (text: string, style: TerminalStyle) => (style.color ? `\x1b[1m${text}\x1b[22m` : text);
const dim = (text: string, style: TerminalStyle) => (style.color ? `\x1b[2m${text}\x1b[22m` : text);

/** The terminal's fixed texts in a reply, besides CLOSEST_LABEL and NOT_COVERED_LABEL. */
export const NO_QUESTION_HINT = 'Ask a question about the reports, e.g. npm run ask -- "How many North Korean troops are in Kursk?"';
export const NEARBY_LABEL = 'Closest parts of the reports:';

export function renderReply(reply: Reply, style: TerminalStyle): string {
  switch (reply.kind) {
    case 'no-question':
      return NO_QUESTION_HINT;
    case 'not-covered':
      return [
        NOT_COVERED_LABEL,
        ...(reply.nearby.length > 0
          ? [NEARBY_LABEL, ...reply.nearby.map((near) => `  ${near.source.id}${near.heading ? ` ## ${near.heading}` : ''} — ${sourceLabel(near.source)}`)]
          : []),
      ].join('\n');
    case 'answer':
      return (
        (reply.match === 'closest' ? `${CLOSEST_LABEL}\n\n` : '') +
        reply.quotes
          .map((quote, rank) =>
            [
              `${bold(`[${rank + 1}] ${citation(quote.source, quote.paragraph)}`, style)} — ${sourceLabel(quote.source)}`,
              ...(quote.paragraph.heading ? [dim(`    ${quote.paragraph.heading}`, style)] : []),
              indent(highlight(quote.paragraph.text, quote.highlights, style)),
            ].join('\n'),
          )
          .join('\n\n')
      );
  }
}

export function renderSourceLookup(lookup: SourceLookup, style: TerminalStyle): string {
  switch (lookup.kind) {
    case 'unknown-source':
      return `No source "${lookup.sourceId}". Sources: ${lookup.known.join(', ')}.`;
    case 'unknown-paragraph':
      return `Source ${lookup.source.id} has paragraphs 1 to ${lookup.source.paragraphs.length}; there is no paragraph ${lookup.number}.`;
    case 'paragraph':
      return [
        `${bold(citation(lookup.source, lookup.paragraph), style)} — ${sourceLabel(lookup.source)}`,
        ...(lookup.paragraph.heading ? [dim(lookup.paragraph.heading, style)] : []),
        lookup.paragraph.text,
        dim(neighbourLine(lookup.previous, lookup.next), style),
      ].join('\n');
    case 'source':
      return [bold(`${lookup.source.id} — ${sourceTitle(lookup.source)}`, style), ...metadataLines(lookup.source), '', ...outline(lookup.source)].join('\n');
  }
}

function metadataLines(source: Source): string[] {
  const fields: [string, string | undefined][] = [
    ['publisher', source.publisher],
    ['date', source.date],
    ['language', source.language],
    ['url', source.url],
    ['copyright', source.copyright],
    ['paragraphs', String(source.paragraphs.length)],
    ['file', source.file],
  ];
  return fields.flatMap(([name, value]) => (value === undefined ? [] : [`${name}: ${value}`]));
}

/** Each paragraph's number and opening, under its heading. */
function outline(source: Source): string[] {
  const lines: string[] = [];
  let heading: string | undefined;
  for (const paragraph of source.paragraphs) {
    if (paragraph.heading !== heading && paragraph.heading !== undefined) lines.push(`## ${paragraph.heading}`);
    heading = paragraph.heading;
    const opening = paragraph.text.length > 80 ? `${paragraph.text.slice(0, 79)}…` : paragraph.text;
    lines.push(`  ¶${paragraph.number}  ${opening}`);
  }
  return lines;
}

function highlight(text: string, spans: readonly Span[], style: TerminalStyle): string {
  return style.color
    ? markSpans(
        text,
        spans,
        (plain) => plain,
        (matched) => bold(matched, style),
      )
    : text;
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}
