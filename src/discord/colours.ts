/** The embed colours, one per kind of message, so a member learns them at a glance. */
export const Colours = {
  /** Quotes that answer (or are closest to) a question. */
  answer: 0x3b82f6,
  /** "The reports do not cover this". */
  notCovered: 0x9ca3af,
  /** A source or the corpus listed. */
  source: 0x10b981,
  /** A change applied. */
  done: 0x22c55e,
  /** A change refused or undone. */
  refused: 0xef4444,
  /** A preview waiting for a moderator's decision. */
  preview: 0xf59e0b,
} as const;
