/**
 * The indexes 0…length-1 of the `count` highest scores, highest first (ties in index order, as a
 * stable sort gives them): one pass keeping a short sorted list, where sorting all of them would
 * cost milliseconds a question at 10,000 paragraphs.
 */
export function topIndexes(count: number, length: number, score: (index: number) => number): number[] {
  const top: number[] = [];
  const scores: number[] = [];
  for (let index = 0; index < length; index++) {
    const value = score(index);
    if (top.length === count && value <= scores[count - 1]!) continue;
    let at = top.length === count ? count - 1 : top.length;
    while (at > 0 && scores[at - 1]! < value) at--;
    top.splice(at, 0, index);
    scores.splice(at, 0, value);
    if (top.length > count) {
      top.pop();
      scores.pop();
    }
  }
  return top;
}
