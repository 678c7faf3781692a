/**
 * An extracted article as the text of a corpus report file (README "The corpus"): front matter with
 * only what the page stated, then the paragraphs, one block each, headings as "## text". The result is
 * then checked like any upload by `prepareReport` (src/corpus/report-upload.ts) before it is written.
 */
import { quote, sanitiseStem } from '../corpus/report-upload.js';
import type { Article } from './extract-article.js';

/** Longest id the corpus accepts. */
const MAX_ID = 32;

/** An id from the page: its title, or else the last part of its address, in lower case letters, digits and "-". Undefined when neither gives one. */
export function articleId(article: Pick<Article, 'title' | 'url'>): string | undefined {
  const fromUrl = article.url
    ? new URL(article.url).pathname
        .split('/')
        .filter(Boolean)
        .pop()
        ?.replace(/\.[a-z]+$/i, '')
    : undefined;
  for (const candidate of [article.title, fromUrl]) {
    const stem = candidate ? sanitiseStem(candidate) : undefined;
    const id = stem ? sanitiseStem(stem.slice(0, MAX_ID)) : undefined;
    if (id) return id;
  }
  return undefined;
}

export function reportFileText(article: Article, id: string): string {
  const fields: [string, string | undefined][] = [
    ['id', id],
    ['title', article.title],
    ['publisher', article.publisher],
    ['date', article.date],
    ['language', article.language],
    ['url', article.url],
    ['copyright', article.copyright],
  ];
  const header = fields.filter((field): field is [string, string] => field[1] !== undefined).map(([key, value]) => `${key}: ${quote(value)}`);
  return `---\n${header.join('\n')}\n---\n\n${article.paragraphs.join('\n\n')}\n`;
}
