/** Reading a page happens in a child process: the bot's event loop keeps turning while a big page is parsed. */
import { describe, expect, it } from 'vitest';
import { extractArticleAside } from '../../src/import/extract-article-aside.js';
import { extractArticle } from '../../src/import/extract-article.js';

/** A 4 MB article page: parsing it in this process holds the event loop for a second or more. */
const paragraph = (n: number) => `<p>Paragraph ${n} of the report says the council met on the harbour wall and counted the boats that came back.</p>`;
const BIG_PAGE = `<!doctype html><html lang="en"><head><title>Harbour report</title></head><body><article><h1>Harbour report</h1>${Array.from({ length: 36_000 }, (_, n) => paragraph(n)).join('\n')}</article></body></html>`;

describe('extracting an article aside', () => {
  it('gives what extractArticle gives, while this process keeps turning', async () => {
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const aside = await extractArticleAside(BIG_PAGE);
    const took = performance.now() - started;
    clearInterval(ticker);
    longestGap = Math.max(longestGap, performance.now() - last);

    const here = extractArticle(BIG_PAGE);
    expect(aside).toEqual(here);
    expect(aside.ok && aside.article.paragraphs.length).toBe(36_000);
    // In this process the parse would be one gap as long as the whole extraction.
    expect(longestGap, `longest event-loop gap ${Math.round(longestGap)} ms of ${Math.round(took)} ms`).toBeLessThan(took / 3);
  }, 120_000);

  it('answers a page it cannot read with a reason, not a crash', async () => {
    const result = await extractArticleAside('<html><body><script>render()</script></body></html>');
    expect(result.ok).toBe(false);
  }, 60_000);
});
