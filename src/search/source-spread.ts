/** The best hits that keep their places whatever the spread: what a reader takes in first. */
const KEPT_BY_SCORE = 3;

/**
 * Keeps the best hits, but gives every source with a relevant paragraph a place among the first
 * `pageSize` (what a reply shows first), so where reports differ (50,000 vs. 40,000 + 10,000)
 * the user sees each side. The best three keep their places: a weaker paragraph of another source
 * never pushes the best answers off the page. Within that first page and after it, order stays by score.
 */
export function spreadAcrossSources<T extends { readonly paragraph: { readonly sourceId: string } }>(hits: readonly T[], limit: number, pageSize: number): T[] {
  const firstPageSize = Math.min(limit, pageSize);
  const firstPage = new Set<T>(hits.slice(0, Math.min(KEPT_BY_SCORE, firstPageSize)));
  const seenSources = new Set<string>([...firstPage].map((hit) => hit.paragraph.sourceId));
  for (const hit of hits) {
    if (firstPage.size >= firstPageSize) break;
    if (!seenSources.has(hit.paragraph.sourceId)) {
      seenSources.add(hit.paragraph.sourceId);
      firstPage.add(hit);
    }
  }
  for (const hit of hits) {
    if (firstPage.size >= firstPageSize) break;
    firstPage.add(hit);
  }
  return [...hits.filter((hit) => firstPage.has(hit)), ...hits.filter((hit) => !firstPage.has(hit))].slice(0, limit);
}
