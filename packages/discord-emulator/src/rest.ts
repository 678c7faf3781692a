/**
 * The HTTP side of the emulator: every request is recorded, answered by an injected failure or by the
 * routes, then checked against Discord's OpenAPI spec; /attachments/ is the CDN.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveAttachment } from './attachments.js';
import { err } from './errors.js';
import type { RouteResult } from './errors.js';
import { matchPath, parseBody, readBody, sendJson } from './http.js';
import type { RecordedRequest } from './http.js';
import { checkAgainstSpec } from './openapi-check.js';
import { route } from './routes.js';
import type { EmulatorState, FailureInjection } from './state.js';

export async function onRequest(state: EmulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname.startsWith('/attachments/')) {
    serveAttachment(state, req, res, url);
    return;
  }
  const at = Date.now();
  const raw = await readBody(req);
  const contentType = req.headers['content-type'] ?? null;
  const parsed = await parseBody(raw, contentType);
  const prefix = '/api/v10';
  const inApi = url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
  const path = inApi
    ? url.pathname
        .slice(prefix.length)
        .split('/')
        .map((s) => {
          try {
            return decodeURIComponent(s);
          } catch {
            return s;
          }
        })
        .join('/') || '/'
    : url.pathname;
  const record: RecordedRequest = {
    at,
    method: req.method ?? 'GET',
    path,
    rawPath: url.pathname,
    query: Object.fromEntries(url.searchParams),
    authorization: req.headers.authorization ?? null,
    contentType,
    userAgent: req.headers['user-agent'] ?? null,
    body: parsed.body,
    files: parsed.files,
    status: 0,
    response: undefined,
  };
  state.requests.push(record);
  let result: RouteResult;
  try {
    const failure = takeFailure(state, record);
    if (failure) result = failure;
    else if (!inApi) result = { status: 404, body: err('404: Not Found', 0) };
    else if (parsed.invalid) result = { status: 400, body: err('The request body contains invalid JSON.', 50109) };
    else result = route(state, record);
  } catch (e) {
    result = { status: 500, body: err(`500: emulator error: ${(e as Error).message}`, 0) };
  }
  record.status = result.status;
  record.response = result.body;
  sendJson(res, result.status, result.body, result.headers);
  const violation = inApi && state.settings.checkSpec ? checkAgainstSpec(record, parsed.invalid) : null;
  if (violation) state.specViolations.push(violation);
}

function takeFailure(state: EmulatorState, r: RecordedRequest): RouteResult | null {
  const i = state.failures.findIndex((f) => (!f.method || f.method.toUpperCase() === r.method) && matchPath(f.path, r.path));
  if (i < 0) return null;
  const f = state.failures[i] as FailureInjection;
  f.times = (f.times ?? 1) - 1;
  if (f.times <= 0) state.failures.splice(i, 1);
  const headers: Record<string, string> = { ...f.headers };
  let body = f.body;
  if (f.status === 429) {
    headers['retry-after'] ??= '0.05';
    headers['x-ratelimit-scope'] ??= 'user';
    body ??= { message: 'You are being rate limited.', retry_after: Number(headers['retry-after']), global: false };
  }
  return { status: f.status, body: body ?? err(`${f.status}: injected failure`, 0), headers };
}
