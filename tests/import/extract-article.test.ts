import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { parseSourceFile } from '../../src/corpus/parse-file.js';
import { extractArticle, type Article } from '../../src/import/extract-article.js';
import { textBlocks, type DomNode } from '../../src/import/page-text.js';
import { reportFileText } from '../../src/import/report-file.js';

const PAGES = path.join('..', 'shared', 'fixtures', 'news-pages');
const havePages = existsSync(PAGES);
if (!havePages) console.warn(`SKIPPED: the real news pages are not at ${PAGES}; the extraction tests on them did not run`);

interface PageExpectation {
  readonly page: string;
  readonly count: number;
  /** Openings of paragraphs that must be there, in this order (first and last included). */
  readonly paragraphs: readonly string[];
  /** Lines of the page a reader calls chrome: no paragraph may contain them. */
  readonly chrome: readonly string[];
  readonly metadata: Partial<Omit<Article, 'paragraphs' | 'dropped'>>;
  /** Fields the page does not state, which must stay empty. */
  readonly unstated: readonly (keyof Article)[];
}

// Decided by reading each page: the story's paragraphs (first, one in the middle, last) and lines of
// its chrome that sit near or inside the story's part of the page (captions, links to other stories,
// share widgets, time stamps, ad labels), plus the menus around it.
const EXPECTED: readonly PageExpectation[] = [
  {
    page: 'bbc-1',
    count: 37,
    paragraphs: [
      'President Barack Obama has admitted that his failure',
      '## Analysis: Jon Sopel, BBC News, Washington',
      '## Kenya trip',
      'Mr Obama will become the first US president to address the African Union',
    ],
    chrome: [
      'Media caption',
      'Share this story',
      'Five things we learned from Obama interview',
      'Read the full transcript',
      'More on this story',
      'Skip to content',
      'Recommended by Outbrain',
    ],
    metadata: { publisher: 'BBC News', date: '2015-07-24', language: 'en', url: 'http://www.bbc.com/news/world-us-canada-33646704' },
    unstated: [],
  },
  {
    page: 'cnn',
    count: 11,
    paragraphs: [
      'The U.S. has long been heralded as a land of opportunity',
      'As the report states: "[T]he birth lottery',
      'The report concluded that the American safety net was ineffective',
    ],
    chrome: ['Powered by SmartAsset.com', 'Related: Chicago', 'First published February 1, 2016', 'Your video will play', 'Search for Jobs'],
    metadata: { title: "The 'birth lottery' and economic mobility", publisher: 'CNNMoney', byline: 'Ahiza Garcia', date: '2016-02-01' },
    unstated: ['language'],
  },
  {
    page: 'herald-sun-1',
    count: 19,
    paragraphs: [
      'A HIGH-powered federal government team has been doing the rounds',
      'The Press Council is concerned the laws would crush investigative journalism.',
      'LAURIE OAKES IS THE NINE NETWORK POLITICAL EDITOR',
    ],
    chrome: ['A new Bill would require telecommunications service providers', 'Login with Facebook', 'Other Opinion Columns', 'March 13, 2015 9:00PM'],
    metadata: { title: 'Angry media won’t buckle over new surveillance laws', publisher: 'HeraldSun', byline: 'Laurie Oakes', language: 'en-au' },
    unstated: ['date'],
  },
  {
    page: 'nytimes-1',
    count: 20,
    paragraphs: [
      'LONDON — After nearly 20 years of hostile relations',
      'In 1997, President Bill Clinton imposed a comprehensive trade embargo',
      'Mr. Reeves said he thought that the American government was being manipulated',
    ],
    chrome: ['Continue reading the main story', 'United Nations peacekeepers at a refugee camp', 'Photo', 'Get The Times'],
    metadata: {
      title: 'United States to Lift Sudan Sanctions',
      byline: 'Jeffrey Gettleman',
      date: '2017-01-13',
      language: 'en',
      url: 'https://www.nytimes.com/2017/01/13/world/africa/sudan-sanctions.html',
    },
    unstated: ['publisher'],
  },
  {
    page: 'salon-1',
    count: 37,
    paragraphs: [
      'Horror stories about the increasingly unpopular taxi service Uber',
      'This is a top-down economy, not a “shared” one.',
      'You don’t need a “God view” to see what happens next.',
    ],
    chrome: ['All Share Services', 'Topics: uber', 'Log out Sign in', 'I was the black guy in a white frat'],
    metadata: { title: 'The sharing economy is a lie: Uber, Ayn Rand and the truth about tech and libertarians' },
    unstated: ['publisher', 'date', 'language'],
  },
  {
    page: 'seattletimes-1',
    count: 52,
    paragraphs: [
      'From the deck of his 106-year-old halibut schooner',
      'Whole Foods future',
      'Analysts provided a few theories:',
      'Back on the schooner',
      'Alverson summed up the journey',
    ],
    chrome: [
      'Amazon-owned Whole Foods touted a price cut on halibut as part of an announcement',
      'Skip to content',
      'Most Read Business Stories',
      'Updated April 29, 2019',
    ],
    metadata: { publisher: 'The Seattle Times', byline: 'Benjamin Romano', date: '2019-04-28', language: 'en-US' },
    unstated: [],
  },
  {
    page: 'telegraph',
    count: 13,
    paragraphs: [
      'Zimbabwe President Robert Mugabe, his wife Grace and two key figures',
      'Dubbed "DisGrace" or "Gucci Grace"',
      'Whatever the final outcome, the events could signal',
    ],
    chrome: [
      'Credit: STR/AFP',
      'Profile | Grace Mugabe',
      'Follow on Twitter',
      'Please review our commenting policy',
      'Zimbabwean opposition leader Morgan Tsvangirai, right, meets church leaders',
    ],
    metadata: { publisher: 'The Telegraph', date: '2017-11-16', language: 'en-GB' },
    unstated: ['byline'],
  },
  {
    page: 'wapo-1',
    count: 29,
    paragraphs: ['CAIRO — Gunmen opened fire on visitors', 'Tourism is critical to Tunisia’s economy', 'Heba Habib contributed to this report.'],
    chrome: [
      "Gunmen in military uniforms stormed Tunisia's national museum",
      '[Bardo museum houses amazing Roman treasures]',
      'Map: Flow of foreign fighters',
      '[Read: ',
      'Read more:',
      'Share on Facebook',
    ],
    metadata: { title: 'Attack stokes instability fears in North Africa', publisher: 'Washington Post' },
    unstated: ['date', 'language'],
  },
];

function extracted(html: string): Article {
  const result = extractArticle(html);
  if (!result.ok) throw new Error(result.reason);
  return result.article;
}

describe.skipIf(!havePages)('extracting the article from real saved news pages', () => {
  for (const expected of EXPECTED) {
    describe(expected.page, () => {
      const html = havePages ? readFileSync(path.join(PAGES, expected.page, 'source.html'), 'utf8') : '';
      const article = havePages ? extracted(html) : ({ paragraphs: [], dropped: [] } as Article);

      it('keeps the story paragraphs in order, first to last', () => {
        expect(article.paragraphs).toHaveLength(expected.count);
        const positions = expected.paragraphs.map((opening) => article.paragraphs.findIndex((paragraph) => paragraph.startsWith(opening)));
        expect(
          positions.every((position) => position >= 0),
          `missing: ${expected.paragraphs.filter((_, i) => positions[i] === -1).join(' | ')}`,
        ).toBe(true);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        expect(article.paragraphs[0]!.startsWith(expected.paragraphs[0]!)).toBe(true);
        expect(article.paragraphs.at(-1)!.startsWith(expected.paragraphs.at(-1)!)).toBe(true);
      });

      it('leaves the chrome out', () => {
        for (const line of expected.chrome)
          expect(
            article.paragraphs.filter((paragraph) => paragraph.includes(line)),
            line,
          ).toEqual([]);
      });

      it('keeps every paragraph verbatim: each is text of the page, white space aside', () => {
        const pageText = textBlocks((parseHTML(html) as unknown as { document: { body: DomNode } }).document.body)
          .map((block) => block.text)
          .join('\n');
        for (const paragraph of article.paragraphs) expect(pageText.includes(paragraph.replace(/^## /, '')), paragraph.slice(0, 80)).toBe(true);
      });

      it('states only the metadata the page states', () => {
        expect(article).toMatchObject(expected.metadata);
        for (const key of expected.unstated) expect(article[key], key).toBeUndefined();
      });

      it('shows what it dropped that reads like text, the chrome among it', () => {
        const chromeNearStory = expected.chrome[0]!;
        expect(article.dropped.some((line) => line.includes(chromeNearStory))).toBe(true);
        expect(article.dropped.every((line) => line.split(' ').length >= 3)).toBe(true);
      });

      it('makes a report file the corpus reads back to the same paragraphs', () => {
        const parsed = parseSourceFile('page.md', reportFileText(article, 'page'));
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        const body = article.paragraphs.filter((paragraph) => !paragraph.startsWith('## '));
        expect(parsed.source.paragraphs.map((paragraph) => paragraph.text)).toEqual(body);
        expect(parsed.source.title).toBe(article.title);
      });
    });
  }
});

describe("a page in the shape of the starting reports (the Korean publisher's English edition of report 004)", () => {
  const html = readFileSync(path.join('tests', 'fixtures', 'asiae-english-edition.html'), 'utf8');
  const report004 = parseSourceFile('004.md', readFileSync(path.join('corpus', '004-russia-mobilizes-50000-including-north-korean.md'), 'utf8'));

  it('gives exactly the paragraphs, title, publisher and copyright that were cleaned by hand into report 004', () => {
    if (!report004.ok) throw new Error('corpus/004 does not parse');
    const article = extracted(html);
    expect(article.paragraphs).toEqual(report004.source.paragraphs.map((paragraph) => paragraph.text));
    expect(article).toMatchObject({
      title: report004.source.title,
      publisher: report004.source.publisher,
      copyright: report004.source.copyright,
      language: 'en',
    });
    expect(article.date).toBeUndefined();
    expect(article.url).toBeUndefined();
    const text = reportFileText(article, '004');
    for (const chrome of ['본문 바로가기', 'bar_progress', 'Text Size', 'Close', 'Share on', 'Special Coverage', 'Join us on social!', 'Top']) {
      expect(
        text.split('\n').filter((line) => line === chrome || line.startsWith(chrome)),
        chrome,
      ).toEqual([]);
    }
    expect(article.dropped).toContain('Join us on social!');
  });

  it('writes the front matter and body report 004 has, plus the language the page states', () => {
    const text = reportFileText(extracted(html), '004');
    const file = readFileSync(path.join('corpus', '004-russia-mobilizes-50000-including-north-korean.md'), 'utf8');
    expect(text).toBe(file.replace('publisher: The Asia Business Daily\n', 'publisher: The Asia Business Daily\nlanguage: en\n'));
  });
});

describe('pages that are not an article', () => {
  it('refuses a page whose text is built by script', () => {
    const result = extractArticle(
      `<html><head><script src="/app.js"></script></head><body><div id="root"></div><script>${'render();'.repeat(200)}</script></body></html>`,
    );
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('mostly script') as unknown });
  });

  it('refuses a page with no story on it', () => {
    const result = extractArticle(
      '<html><body><nav><a href="/a">Home</a> <a href="/b">World</a></nav><ul><li><a href="/1">First story</a></li><li><a href="/2">Second story</a></li></ul></body></html>',
    );
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('No article was found') as unknown });
  });

  it('states no metadata the page does not state, and reads a relative canonical link against the page address', () => {
    const paragraphs = Array.from(
      { length: 4 },
      (_, i) => `<p>Paragraph ${i + 1} of a story long enough to be read as one, with several sentences in it. It goes on for a while so that it counts.</p>`,
    ).join('');
    const result = extractArticle(
      `<html><head><link rel="canonical" href="/story/1"><meta property="article:published_time" content="March 3rd"></head><body><article>${paragraphs}</article></body></html>`,
      { url: 'https://news.example/x?y=1' },
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.article).toEqual({ url: 'https://news.example/story/1', paragraphs: expect.any(Array) as unknown, dropped: [] });
    expect(result.article.paragraphs).toHaveLength(4);
  });
});
