import { QUOTES_PER_PAGE } from '../search/passage-index.js';

/** How many quotes a reply shows at once; search spreads its first page across sources by the same number. */
export { QUOTES_PER_PAGE };

/** Quotes to look for when answering: a page to show and a page behind "More results". */
export const QUOTES_WITH_MORE = 2 * QUOTES_PER_PAGE;

/** Items (quotes, paragraph ids) split into the page shown now and what "More results" shows. */
export function splitPage<T>(items: readonly T[]): { shown: T[]; more: T[] } {
  return { shown: items.slice(0, QUOTES_PER_PAGE), more: items.slice(QUOTES_PER_PAGE) };
}
