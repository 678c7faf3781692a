/**
 * Keeps the best hits, but gives every source with a relevant paragraph a place among the first
 * `pageSize` (what a reply shows first), so where reports differ (50,000 vs. 40,000 + 10,000)
 * the user sees each side. Within that first page and after it, order stays by score.
 */
export function spreadAcrossSources<T extends { readonly paragraph: { readonly sourceId: string } }>(hits: readonly T[], limit: number, pageSize: number): T[] {
  const firstPage = new Set<T>();
  const seenSources = new Set<string>();
  const firstPageSize = Math.min(limit, pageSize);
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
