/**
 * What a page states about itself: meta tags (Open Graph, article:*, name=author), JSON-LD
 * (NewsArticle and kin), `<html lang>`, `<link rel=canonical>`. Only stated values are returned, in the
 * shape the corpus front matter accepts; a value the page does not state, or states in a form the corpus
 * cannot hold (a date without a year-month-day, a relative address that cannot be resolved), stays empty.
 */
import { normaliseWhitespace } from './page-text.js';

export interface PageMetadata {
  readonly title?: string;
  readonly publisher?: string;
  readonly byline?: string;
  /** YYYY-MM-DD, as the page writes its publication date (its own time zone; nothing is converted). */
  readonly date?: string;
  readonly language?: string;
  readonly url?: string;
  readonly copyright?: string;
}

/** The element surface read here (linkedom's elements provide it). */
export interface MetaElement {
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
}
export interface MetaDocument {
  readonly documentElement: MetaElement | null;
  querySelectorAll(selector: string): ArrayLike<MetaElement>;
}

/** Limits of the corpus front matter (src/corpus/parse-file.ts): a longer value is left out rather than cut. */
const MAX_TITLE = 256;
const MAX_PUBLISHER = 200;
const MAX_COPYRIGHT = 500;

/** schema.org types whose JSON-LD describes the article itself. */
const ARTICLE_TYPES =
  /^(Article|NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|BlogPosting|LiveBlogPosting|SocialMediaPosting|Report)$/;

export function readPageMetadata(document: MetaDocument, pageUrl?: string): PageMetadata {
  const meta = metaTags(document);
  const ld = jsonLdArticle(document);
  const first = (...values: unknown[]) => values.map(text).find((value) => value !== undefined);

  const title = within(first(meta('og:title'), ld?.headline, meta('twitter:title'), document.querySelectorAll('title')[0]?.textContent), MAX_TITLE);
  const publisher = within(first(meta('og:site_name'), name(ld?.publisher), meta('application-name')), MAX_PUBLISHER);
  const byline = first(meta('author'), names(ld?.author), nonAddress(meta('article:author')));
  const date = first(
    ...[meta('article:published_time'), ld?.datePublished, meta('datepublished'), meta('date'), meta('dc.date.issued'), meta('pubdate')].map(dateOf),
  );
  const language = first(languageOf(document.documentElement?.getAttribute('lang')), languageOf(text(ld?.inLanguage)));
  const canonical = first(
    ...Array.from(document.querySelectorAll('link'))
      .filter((link) => relOf(link).includes('canonical'))
      .map((link) => link.getAttribute('href')),
  );
  const url = first(addressOf(canonical, pageUrl), addressOf(meta('og:url'), pageUrl), addressOf(pageUrl));
  const copyright = within(first(meta('copyright'), meta('dcterms.rights'), meta('dc.rights')), MAX_COPYRIGHT);
  return { ...defined({ title, publisher, byline, date, language, url, copyright }) };
}

/** A reader for meta tags by `property`, `name` or `itemprop` (case-insensitive), first one stated. */
function metaTags(document: MetaDocument): (key: string) => string | undefined {
  const values = new Map<string, string>();
  for (const element of Array.from(document.querySelectorAll('meta'))) {
    const content = text(element.getAttribute('content'));
    if (content === undefined) continue;
    for (const attribute of ['property', 'name', 'itemprop']) {
      const key = element.getAttribute(attribute)?.trim().toLowerCase();
      if (key && !values.has(key)) values.set(key, content);
    }
  }
  return (key) => values.get(key);
}

type JsonObject = Record<string, unknown>;

/** The first JSON-LD object that describes an article (looking into arrays and `@graph`). Broken JSON is ignored. */
function jsonLdArticle(document: MetaDocument): JsonObject | undefined {
  for (const script of Array.from(document.querySelectorAll('script'))) {
    if ((script.getAttribute('type') ?? '').trim().toLowerCase() !== 'application/ld+json') continue;
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const found = findArticle(data, 0);
    if (found) return found;
  }
  return undefined;
}

function findArticle(data: unknown, depth: number): JsonObject | undefined {
  if (depth > 4 || data === null || typeof data !== 'object') return undefined;
  if (Array.isArray(data)) {
    for (const item of data) {
      const found = findArticle(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const object = data as JsonObject;
  const types = ([] as unknown[]).concat(object['@type'] ?? []);
  if (types.some((type) => typeof type === 'string' && ARTICLE_TYPES.test(type))) return object;
  return findArticle(object['@graph'], depth + 1);
}

/** A string value, whitespace normalised; undefined when not a non-empty string. */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const normalised = normaliseWhitespace(value);
  return normalised === '' ? undefined : normalised;
}

function within(value: string | undefined, max: number): string | undefined {
  return value !== undefined && value.length <= max ? value : undefined;
}

/** `name` of a JSON-LD thing (or the first of a list). */
function name(value: unknown): string | undefined {
  const thing: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof thing === 'string') return text(thing);
  return thing && typeof thing === 'object' ? text((thing as JsonObject).name) : undefined;
}

/** Names of one or more JSON-LD persons, joined with ", ". */
function names(value: unknown): string | undefined {
  const list = ([] as unknown[])
    .concat(value ?? [])
    .map(name)
    .filter((item): item is string => item !== undefined);
  return list.length > 0 ? list.join(', ') : undefined;
}

function nonAddress(value: string | undefined): string | undefined {
  return value !== undefined && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : undefined;
}

/** The YYYY-MM-DD a date value starts with, if it is a real calendar date; no other form is read. */
function dateOf(value: unknown): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text(value) ?? '');
  if (!match) return undefined;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? match[0].slice(0, 10) : undefined;
}

/** A language tag as the corpus holds it ("en-US", "en_us" → "en-us"); anything else is left out. */
function languageOf(value: unknown): string | undefined {
  const tag = text(value)?.replace(/_/g, '-');
  if (tag === undefined) return undefined;
  const [primary, ...rest] = tag.split('-');
  const normalised = [primary!.toLowerCase(), ...rest].join('-');
  return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(normalised) ? normalised : undefined;
}

function relOf(link: MetaElement): string[] {
  return (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
}

/** An absolute http(s) address, resolved against the page's own address when relative. */
function addressOf(value: string | null | undefined, base?: string): string | undefined {
  if (!value) return undefined;
  try {
    const url = base ? new URL(value.trim(), base) : new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function defined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
