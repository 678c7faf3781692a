/**
 * The one place a paragraph's id is built and read. "004:3" is how the index, buttons and
 * `--source` name a paragraph; "004 ¶3" is how a reply cites it to people. Both are read back.
 */

/** "004:3": the source's id and the paragraph's 1-based number. */
export function paragraphId(sourceId: string, number: number): string {
  return `${sourceId}:${number}`;
}

/** "004 ¶3": what replies print and /source takes. */
export function citation(sourceId: string, number: number): string {
  return `${sourceId} ¶${number}`;
}

/** Reads "004", "004:3" or "004 ¶3"; anything else is taken as a source id to look up (and not found). */
export function parseParagraphReference(reference: string): { sourceId: string; paragraph?: number } {
  // Trimmed first, and no two unbounded runs of blanks side by side: each pattern tries a line once.
  const trimmed = reference.trim();
  const match = /^([^\s:¶]+)\s*(?:[:¶][\s¶]*(-?\d+))?$/.exec(trimmed) ?? /^(\S+)\s+¶\s*(-?\d+)$/.exec(trimmed);
  if (!match) return { sourceId: trimmed };
  return match[2] === undefined ? { sourceId: match[1]! } : { sourceId: match[1]!, paragraph: Number(match[2]) };
}
