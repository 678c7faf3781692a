import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPage } from '../../src/import/fetch-page.js';
import { importPageAddress, importPageBytes } from '../../src/import/import-page.js';
import { NEWS_PAGES, startPageServer, type PageServer } from '../helpers/page-server.js';

let server: PageServer;
beforeAll(async () => {
  server = await startPageServer();
});
afterAll(async () => {
  await server.close();
});

// The tests' server is on loopback, which production refuses: the tests say so explicitly.
const TEST = { allowLoopback: true } as const;
const reasonOf = (result: { ok: boolean; reason?: string }) => (result.ok ? 'ok' : result.reason);

describe('fetching a page by address', () => {
  it('imports the report-004 page from the test server, its address as the report url', async () => {
    const result = await importPageAddress(`${server.origin}/report-004`, TEST);
    if (!result.ok) throw new Error(result.reason);
    expect(result.article.paragraphs).toHaveLength(6);
    expect(result.article.url).toBe(`${server.origin}/report-004`);
  });

  it.skipIf(!existsSync(path.join(NEWS_PAGES, 'bbc-1')))('imports a real saved page, taking the canonical address the page states', async () => {
    const result = await importPageAddress(`${server.origin}/news/bbc-1`, TEST);
    if (!result.ok) throw new Error(result.reason);
    expect(result.article.url).toBe('http://www.bbc.com/news/world-us-canada-33646704');
    expect(result.article.paragraphs).toHaveLength(37);
  });

  it('follows up to 5 redirects and reports the final address', async () => {
    const result = await fetchPage(`${server.origin}/hops/4`, TEST);
    expect(result).toMatchObject({ ok: true, url: `${server.origin}/story` });
  });

  it('gives up after 5 redirects', async () => {
    expect(reasonOf(await fetchPage(`${server.origin}/hops/5`, TEST))).toBe('The page redirected more than 5 times; giving up.');
  });

  it('refuses loopback unless told otherwise (production never is)', async () => {
    const before = server.requests.length;
    expect(reasonOf(await fetchPage(`${server.origin}/story`))).toContain('is a loopback address (127.0.0.1)');
    expect(reasonOf(await fetchPage(`http://localhost:1/story`))).toMatch(/loopback address/);
    expect(reasonOf(await fetchPage(`http://[::ffff:127.0.0.1]:1/story`, {}))).toMatch(/loopback address \(written as IPv6\)/);
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ['http://10.0.0.8/', 'a private address'],
    ['http://192.168.1.1/', 'a private address'],
    ['http://172.20.0.1/', 'a private address'],
    ['http://100.64.0.1/', 'a carrier-grade NAT address'],
    ['http://169.254.169.254/latest/meta-data/', 'a link-local address'],
    ['http://[fd00:ec2::254]/', 'a private (unique local) address'],
    ['http://[fe80::1]/', 'a link-local address'],
    ['http://[::ffff:a9fe:a9fe]/', 'a link-local address'],
    ['http://[64:ff9b::a00:1]/', 'a private address'],
    ['http://224.0.0.1/', 'a multicast address'],
    ['http://0.0.0.0/', '"this network"'],
  ])('refuses %s before connecting (%s)', async (address, reason) => {
    expect(reasonOf(await fetchPage(address, TEST))).toContain(reason);
  });

  it('refuses a name if any address it resolves to is not public, and connects to the address it checked', async () => {
    const mixed = await fetchPage('http://news.invalid/story', { ...TEST, resolve: () => Promise.resolve(['93.184.215.14', '10.0.0.1']) });
    expect(reasonOf(mixed)).toContain('a private address (10.0.0.1)');
    // A name no resolver knows, pinned to the test server's checked address: the request reaches it under that name.
    const port = new URL(server.origin).port;
    const pinned = await fetchPage(`http://news.invalid:${port}/story`, { ...TEST, resolve: () => Promise.resolve(['127.0.0.1']) });
    expect(pinned.ok).toBe(true);
    expect(server.requests.at(-1)).toBe(`GET /story news.invalid:${port}`);
  });

  it('checks every redirect: one to a private or metadata address is refused', async () => {
    for (const target of ['http://10.1.2.3/admin', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:1/']) {
      const result = await fetchPage(`${server.origin}/redirect?to=${encodeURIComponent(target)}`, {
        resolve: () => Promise.resolve(['127.0.0.1']),
        allowLoopback: target.includes('::1') ? false : true,
      });
      expect(reasonOf(result), target).toMatch(/private address|link-local address|loopback address/);
    }
  });

  it('refuses other schemes, and redirects to them', async () => {
    expect(reasonOf(await fetchPage('file:///etc/passwd'))).toBe('Only http and https addresses can be fetched.');
    expect(reasonOf(await fetchPage('ftp://example.invalid/x'))).toBe('Only http and https addresses can be fetched.');
    expect(reasonOf(await fetchPage(`${server.origin}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`, TEST))).toBe(
      'Only http and https addresses can be fetched (the page redirected to another kind).',
    );
    expect(reasonOf(await fetchPage('not an address'))).toContain('not a web address');
  });

  it('refuses PDFs and images by type and by content, with a clear message', async () => {
    expect(reasonOf(await importPageAddress(`${server.origin}/pdf`, TEST))).toBe('The address gives a PDF document; only web pages (HTML) can be imported.');
    expect(reasonOf(await importPageAddress(`${server.origin}/pdf-as-html`, TEST))).toContain('This is a PDF document');
    expect(reasonOf(await importPageAddress(`${server.origin}/image`, TEST))).toBe(
      'The address gives an image (image/png); only web pages (HTML) can be imported.',
    );
    expect(reasonOf(await importPageAddress(`${server.origin}/json`, TEST))).toBe(
      'The address gives application/json, not a web page; only web pages (HTML) can be imported.',
    );
  });

  it('refuses a page over 5 MB, by its length or as it arrives', async () => {
    expect(reasonOf(await fetchPage(`${server.origin}/big`, TEST))).toBe('The page is larger than 5 MB; that is not an article page.');
    expect(reasonOf(await fetchPage(`${server.origin}/big-chunked`, TEST))).toBe('The page is larger than 5 MB; that is not an article page.');
  });

  it('gives up on a page that does not arrive in time', async () => {
    const started = Date.now();
    expect(reasonOf(await fetchPage(`${server.origin}/slow`, { ...TEST, timeLimitMs: 300 }))).toBe(
      'The page did not arrive within 0.3 seconds; the site is too slow or not answering.',
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses a page that is mostly script, and an error answer', async () => {
    expect(reasonOf(await importPageAddress(`${server.origin}/script`, TEST))).toContain('mostly script');
    expect(reasonOf(await importPageAddress(`${server.origin}/nothing-here`, TEST))).toBe('The site answered 404 Not Found instead of the page.');
  });

  it('decodes a page by the charset it declares, and refuses undeclared bytes that are not UTF-8', async () => {
    const korean = await importPageAddress(`${server.origin}/euc-kr`, TEST);
    if (!korean.ok) throw new Error(korean.reason);
    expect(korean.article.paragraphs[0]).toMatch(/^한국 of the test story/);
    expect(reasonOf(await importPageAddress(`${server.origin}/latin1-undeclared`, TEST))).toContain('does not say which character set');
    const story = `<article>${'<p>A paragraph of a story, long enough to be read as one. It has a second sentence as well.</p>'.repeat(4)}<p>He said `;
    const declared = await importPageBytes(new Uint8Array([...Buffer.from(story), 0x93, ...Buffer.from('yes'), 0x94, ...Buffer.from('.</p></article>')]), {
      contentType: 'text/html; charset=windows-1252',
    });
    expect(declared.ok && declared.article.paragraphs.at(-1)).toBe('He said \u201cyes\u201d.');
  });
});
