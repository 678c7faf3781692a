/**
 * A web server on 127.0.0.1 for the import tests: the saved news pages, the synthetic report-004 page,
 * redirects, and pages to refuse (PDF, image, too big, too slow, script-only, wrongly encoded).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const NEWS_PAGES = path.join('..', 'shared', 'fixtures', 'news-pages');
export const REPORT_004_PAGE = path.join('tests', 'fixtures', 'asiae-english-edition.html');

export interface PageServer {
  readonly origin: string;
  /** Requests seen, as "METHOD path host". */
  readonly requests: string[];
  close(): Promise<void>;
}

const STORY = Array.from(
  { length: 5 },
  (_, i) => `<p>Paragraph ${i + 1} of the test story, which says enough in several sentences to be read as an article. It carries on a little longer.</p>`,
).join('');

export async function startPageServer(): Promise<PageServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    requests.push(`${String(request.method)} ${url.pathname} ${String(request.headers.host)}`);
    // Returns the response (as response.end does), so a route can `return send(…)`.
    const send = (status: number, type: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
      response.writeHead(status, { 'content-type': type, ...headers }).end(body);
    const route = url.pathname;
    if (route.startsWith('/news/')) {
      const file = path.join(NEWS_PAGES, path.basename(route), 'source.html');
      if (existsSync(file)) return send(200, 'text/html; charset=utf-8', readFileSync(file));
    }
    if (route === '/report-004') return send(200, 'text/html', readFileSync(REPORT_004_PAGE));
    if (route === '/story')
      return send(200, 'text/html', `<html lang="en"><head><title>Test story</title></head><body><article>${STORY}</article></body></html>`);
    if (route.startsWith('/hops/')) {
      const left = Number(route.slice('/hops/'.length));
      return send(302, 'text/plain', '', { location: left > 0 ? `/hops/${left - 1}` : '/story' });
    }
    if (route === '/redirect') return send(301, 'text/plain', '', { location: url.searchParams.get('to') ?? '/' });
    if (route === '/pdf') return send(200, 'application/pdf', '%PDF-1.7\n...');
    if (route === '/pdf-as-html') return send(200, 'text/html', '%PDF-1.7\n...');
    if (route === '/image') return send(200, 'image/png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    if (route === '/big') return send(200, 'text/html', `<html><body>${'<p>filler</p>'.repeat(500_000)}</body></html>`);
    if (route === '/big-chunked') {
      response.writeHead(200, { 'content-type': 'text/html' });
      for (let i = 0; i < 60; i++) response.write('x'.repeat(100_000));
      return response.end();
    }
    if (route === '/slow') return; // never answers
    if (route === '/script')
      return send(
        200,
        'text/html',
        `<html><head><script src="/bundle.js"></script></head><body><div id="app"></div><script>${'hydrate();'.repeat(300)}</script></body></html>`,
      );
    if (route === '/euc-kr') {
      // "한국" (Korea) in EUC-KR, the charset declared only in a meta tag.
      const [before, after] = `<html><head><meta charset="euc-kr"><title>t</title></head><body><article>${STORY}</article></body></html>`.split(
        'Paragraph 1',
      ) as [string, string];
      return send(200, 'text/html', Buffer.concat([Buffer.from(before), Buffer.from([0xc7, 0xd1, 0xb1, 0xb9]), Buffer.from(after)]));
    }
    if (route === '/latin1-undeclared')
      return send(
        200,
        'text/html',
        Buffer.concat([Buffer.from(`<html><body><article>${STORY}`), Buffer.from([0x93, 0x94]), Buffer.from('</article></body></html>')]),
      );
    if (route === '/json') return send(200, 'application/json', '{}');
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
