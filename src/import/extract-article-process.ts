/** The child process of extract-article-aside.ts: a page and options on stdin, the ExtractResult on stdout. */
import { text } from 'node:stream/consumers';
import { extractArticle } from './extract-article.js';

const { html, options } = JSON.parse(await text(process.stdin)) as { html: string; options: { url?: string } };
process.stdout.write(JSON.stringify(extractArticle(html, options)));
