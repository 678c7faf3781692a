import { extractArticleAside } from './extract-article-aside.js';
/** The two ways a moderator brings a page: its saved file (bytes) or its address. Both end in an article or a reason. */
import type { ExtractResult } from './extract-article.js';
import { fetchPage, type FetchOptions } from './fetch-page.js';
import { decodePage } from './page-bytes.js';

export async function importPageBytes(
  bytes: Uint8Array,
  from: { readonly contentType?: string | undefined; readonly url?: string | undefined } = {},
): Promise<ExtractResult> {
  const page = decodePage(bytes, from.contentType);
  if (!page.ok) return page;
  return extractArticleAside(page.html, from.url ? { url: from.url } : {});
}

export async function importPageAddress(address: string, options: FetchOptions = {}): Promise<ExtractResult> {
  const fetched = await fetchPage(address, options);
  if (!fetched.ok) return fetched;
  return importPageBytes(fetched.bytes, fetched);
}

/** Whether a string given as a page is a web address rather than a file name. */
export function isWebAddress(text: string): boolean {
  return /^https?:\/\//i.test(text.trim());
}
