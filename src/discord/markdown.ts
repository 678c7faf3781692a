/**
 * Makes report text inert in Discord markdown: every character that can start formatting, a link,
 * a mention, a heading or a list is backslash-escaped; Discord then shows the plain character.
 * The blanks before a list number never span lines: from every line start of a run of blank lines
 * they would be read again to its end, in quadratic time.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_`~|>#\-[\]()<@]/g, (character) => `\\${character}`).replace(/^([^\S\n\r\u2028\u2029]*\d+)\./gm, '$1\\.');
}

/** Bold, for a matched word already escaped. */
export function bold(escaped: string): string {
  return escaped === '' ? '' : `**${escaped}**`;
}
