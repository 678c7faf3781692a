/**
 * Fetching a page by its address, safely: http and https only; every address a name resolves to is
 * checked (src/import/address-check.ts) before connecting, and the connection goes to the address that
 * was checked (so a name cannot resolve to a public address for the check and a private one for the
 * connection); each redirect is checked the same way, at most 5; the body may be at most 5 MB, decoded
 * (the request asks for no compression, and a compressed answer is refused); the whole fetch has a time limit.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { refusedAddress, type AddressPolicy } from './address-check.js';
import { notAPage } from './page-bytes.js';

export const MAX_PAGE_BYTES = 5 * 1024 * 1024;
export const MAX_REDIRECTS = 5;
export const FETCH_TIME_LIMIT_MS = 15_000;

export interface FetchOptions extends AddressPolicy {
  readonly timeLimitMs?: number;
  readonly maxBytes?: number;
  /** Resolves a host name to its addresses; tests give one, production uses the system resolver. */
  readonly resolve?: (host: string) => Promise<readonly string[]>;
}

export type FetchedPage =
  { readonly ok: true; readonly url: string; readonly bytes: Uint8Array; readonly contentType?: string } | { readonly ok: false; readonly reason: string };

class Refused extends Error {}

const systemResolve = async (host: string) => (await dnsLookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

export async function fetchPage(address: string, options: FetchOptions = {}): Promise<FetchedPage> {
  const timeLimit = options.timeLimitMs ?? FETCH_TIME_LIMIT_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeLimit);
  try {
    let url = parseAddress(address);
    for (let redirects = 0; ; redirects++) {
      const answer = await request(url, options, deadline.signal);
      if ('location' in answer) {
        if (redirects >= MAX_REDIRECTS) throw new Refused(`The page redirected more than ${MAX_REDIRECTS} times; giving up.`);
        url = parseAddress(answer.location, url);
        continue;
      }
      return { ok: true, url: url.href, bytes: answer.bytes, ...(answer.contentType ? { contentType: answer.contentType } : {}) };
    }
  } catch (error) {
    if (deadline.signal.aborted)
      return { ok: false, reason: `The page did not arrive within ${timeLimit / 1000} seconds; the site is too slow or not answering.` };
    if (error instanceof Refused) return { ok: false, reason: error.message };
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: `The page could not be fetched (${code ?? (error as Error).message}).` };
  } finally {
    clearTimeout(timer);
  }
}

function parseAddress(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text.trim(), base);
  } catch {
    throw new Refused(base ? 'The page redirected to an address that is not valid.' : 'That is not a web address; give one starting with https://.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Refused(`Only http and https addresses can be fetched${base ? ' (the page redirected to another kind)' : ''}.`);
  if (url.username || url.password) throw new Refused('Addresses with a user name or password are not fetched.');
  return url;
}

/** The checked address to connect to for a URL's host (all of a name's addresses must pass, so none can be picked by chance). */
async function checkedAddress(url: URL, options: FetchOptions): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: readonly string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (options.resolve ?? systemResolve)(host);
    } catch {
      throw new Refused(`The name ${host} could not be found.`);
    }
  }
  if (addresses.length === 0) throw new Refused(`The name ${host} could not be found.`);
  for (const address of addresses) {
    const reason = refusedAddress(address, options);
    if (reason) throw new Refused(`${url.host} is ${reason} (${address}); only pages on the public internet can be fetched.`);
  }
  const address = addresses[0]!;
  return { address, family: isIP(address) === 6 ? 6 : 4 };
}

type Answer = { location: string } | { bytes: Uint8Array; contentType?: string };

async function request(url: URL, options: FetchOptions, signal: AbortSignal): Promise<Answer> {
  const { address, family } = await checkedAddress(url, options);
  const maxBytes = options.maxBytes ?? MAX_PAGE_BYTES;
  // Connect to the address just checked, whatever the resolver would say now.
  const pinned: LookupFunction = (_host, lookupOptions, callback) => {
    if (lookupOptions.all) (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<Answer>((resolve, reject) => {
    const outgoing = client.request(
      url,
      {
        method: 'GET',
        lookup: pinned,
        agent: false,
        signal,
        headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1', 'accept-encoding': 'identity', 'user-agent': 'kursk-quote-bot report import' },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const fail = (message: string) => {
          response.destroy();
          reject(new Refused(message));
        };
        if ([301, 302, 303, 307, 308].includes(status)) {
          const location = response.headers.location;
          response.resume();
          if (!location) fail(`The page answered with a redirect (${status}) but did not say where to.`);
          else resolve({ location });
          return;
        }
        if (status < 200 || status > 299) {
          fail(`The site answered ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''} instead of the page.`);
          return;
        }
        const contentType = response.headers['content-type'];
        const wrongType = notAPage(contentType);
        if (wrongType) {
          fail(`The address gives ${wrongType}; only web pages (HTML) can be imported.`);
          return;
        }
        const encoding = (response.headers['content-encoding'] ?? 'identity').toLowerCase();
        if (encoding !== 'identity') {
          fail(`The site sent the page compressed (${encoding}) although it was asked not to; it cannot be read.`);
          return;
        }
        const tooBig = `The page is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; that is not an article page.`;
        if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
          fail(tooBig);
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) fail(tooBig);
          else chunks.push(chunk);
        });
        response.on('end', () => resolve({ bytes: new Uint8Array(Buffer.concat(chunks)), ...(contentType ? { contentType } : {}) }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}
