/**
 * Turning a web page (HTML text) into an article: Mozilla's Readability (Firefox's reader view) finds
 * the article's part of the page over a linkedom DOM; this module then reads that part as verbatim
 * paragraphs and section headings, and the page's own metadata. Nothing is rewritten: a paragraph is
 * the text a reader sees, with white space normalised. No script on the page is ever run.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { readPageMetadata, type PageMetadata } from './page-metadata.js';
import { textBlocks, type DomNode, type TextBlock } from './page-text.js';

export interface Article extends PageMetadata {
  /** The article's paragraphs and headings in order; a heading is written "## text". */
  readonly paragraphs: readonly string[];
  /** Text of the page left out of the article that reads like text (three words or more), in page order, each once. */
  readonly dropped: readonly string[];
}

export type ExtractResult = { readonly ok: true; readonly article: Article } | { readonly ok: false; readonly reason: string };

export interface ExtractOptions {
  /** The address the page came from: resolves a relative canonical link, and is the report's url when the page states none. */
  readonly url?: string;
}

/** A paragraph the corpus would read as a section heading; kept out so the report says what the page says. */
const LOOKS_LIKE_HEADING = /^#{1,6}[ \t]/;
/** A heading this long is a lead paragraph set in large type, not a section heading. */
const HEADING_MAX_WORDS = 20;
/** A line that only says when the story was published or updated ("First published February 1, 2016: 1:28 AM ET"). */
const TIMESTAMP_LINE = /^(?=(\S+\s+){0,14}\S+$).*\b(published|updated|posted)\b.*\b\d{4}\b/i;
/** The label of an advertisement or a sponsored widget inside the story. */
const AD_LABEL = /^(advertisement|advert|ad|sponsored|sponsored content|paid content|promoted|powered by \S+)$/i;
/** A trailing line that is the page's copyright notice, not part of the story. */
const COPYRIGHT_LINE = /^(©|\(c\)\s|copyright\b)/i;
/** Dropped text shorter than this many words is menus and buttons ("Close", "Text Size"), not worth showing. */
const DROPPED_MIN_WORDS = 3;
/** At most this many dropped blocks are kept (a preview shows a few; a huge page must not grow this). */
const DROPPED_MAX = 200;
/** Below this much visible text a page with scripts is taken for one that builds its content in the browser. */
const SCRIPT_PAGE_MAX_TEXT = 200;

/**
 * linkedom does not add the `<body>` a browser implies, so a page without one (a fragment, or a page
 * that leaves the tags out) would read as empty: it is given one around its content.
 */
function withBody(html: string): string {
  if (/<body[\s>]/i.test(html)) return html;
  return `<!DOCTYPE html><html><head></head><body>${html.replace(/<!doctype[^>]*>|<\/?html\b[^>]*>/gi, '')}</body></html>`;
}

/** What is used of linkedom's document: its own types need the DOM library, which this project does not load. */
interface PageDocument {
  readonly body: DomNode | null;
  querySelectorAll(selector: string): Iterable<{ textContent: string | null; getAttribute(name: string): string | null }>;
}

function parsePage(html: string): PageDocument {
  return (parseHTML(html) as unknown as { document: PageDocument }).document;
}

export function extractArticle(pageHtml: string, options: ExtractOptions = {}): ExtractResult {
  const html = withBody(pageHtml);
  // Readability changes the tree it reads, so the page's own text and metadata come from a second parse.
  const page = parsePage(html);
  const metadata = readPageMetadata(page as never, options.url);
  const pageBlocks = page.body ? textBlocks(page.body) : [];
  const pageText = pageBlocks.reduce((total, block) => total + block.text.length, 0);
  const scripts = Array.from(page.querySelectorAll('script'));
  const scriptText = scripts.reduce((total, script) => total + (script.textContent?.length ?? 0) + (script.getAttribute('src') ? 1000 : 0), 0);
  if (pageText < SCRIPT_PAGE_MAX_TEXT && scriptText > pageText) {
    return {
      ok: false,
      reason:
        'This page is mostly script: its text is put together by JavaScript in the browser, which is never run here. Open it in a browser, save it (“Web Page, complete”) and add the saved .html file.',
    };
  }

  // The serializer's type is what `content` is read as: the DOM node itself, not the HTML string.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  const parsed = new Readability(parsePage(html) as never, { keepClasses: true, serializer: (node: unknown) => node as DomNode }).parse();
  const blocks = parsed?.content ? textBlocks(parsed.content) : [];
  const kept: TextBlock[] = [];
  const dropped: string[] = [];
  for (const [index, block] of blocks.entries()) {
    // The headline printed above the story is the report's title, not a heading of it.
    if (block.role === 'heading' && index === kept.length && block.text === metadata.title) continue;
    if (block.role === 'heading' && block.text.split(' ').length >= HEADING_MAX_WORDS) kept.push({ ...block, role: 'paragraph' });
    else if (block.role === 'caption' || block.linkOnly || AD_LABEL.test(block.text) || (block.role === 'paragraph' && LOOKS_LIKE_HEADING.test(block.text)))
      dropped.push(block.text);
    else kept.push(block);
  }
  let copyright = metadata.copyright;
  const last = kept.at(-1);
  if (last && last.role === 'paragraph' && COPYRIGHT_LINE.test(last.text) && last.text.length <= 500 && kept.length > 1) {
    kept.pop();
    copyright ??= last.text;
  }
  // A heading with no paragraph after it ("Related"), or a lead-in to nothing ("Read more:"), ends no story.
  const endsNothing = (block: TextBlock | undefined) =>
    block !== undefined && (block.role === 'heading' || block.text.endsWith(':') || TIMESTAMP_LINE.test(block.text));
  while (endsNothing(kept.at(-1))) dropped.push(kept.pop()!.text);

  if (!kept.some((block) => block.role === 'paragraph')) {
    return {
      ok: false,
      reason:
        'No article was found on this page: it has no run of paragraphs that reads as a story (it may be an index page, a gallery, or a page that needs a login or JavaScript).',
    };
  }

  const paragraphs = kept.map((block) => (block.role === 'heading' ? `## ${block.text}` : block.text));
  const inArticle = new Set(kept.map((block) => block.text));
  for (const block of pageBlocks) {
    if (!inArticle.has(block.text) && block.text !== metadata.title && block.text !== copyright) dropped.push(block.text);
  }
  const readsLikeText = [...new Set(dropped)].filter((text) => text.split(' ').length >= DROPPED_MIN_WORDS);
  const article: Article = { ...metadata, ...(copyright ? { copyright } : {}), paragraphs, dropped: readsLikeText.slice(0, DROPPED_MAX) };
  return { ok: true, article };
}
