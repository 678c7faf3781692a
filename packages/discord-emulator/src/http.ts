/** node:http plumbing: body parsing (JSON and multipart payload_json), JSON replies, request records. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

/** One REST request the emulator received, with the answer it gave. */
export interface RecordedRequest {
  at: number;
  method: string;
  /** Path below /api/v10, percent-decoded per segment, e.g. /webhooks/1/tok/messages/@original. */
  path: string;
  /** The raw URL path as sent, e.g. /api/v10/webhooks/1/tok/messages/%40original. */
  rawPath: string;
  query: Record<string, string>;
  authorization: string | null;
  contentType: string | null;
  userAgent: string | null;
  /** Parsed JSON body (or payload_json of a multipart body); null if none. */
  body: unknown;
  files: RecordedFile[];
  status: number;
  response: unknown;
}

export interface ParsedBody {
  body: unknown;
  files: RecordedFile[];
  invalid: boolean;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function parseBody(raw: Buffer, contentType: string | null): Promise<ParsedBody> {
  if (raw.length === 0) return { body: null, files: [], invalid: false };
  const ct = contentType ?? '';
  try {
    if (ct.startsWith('multipart/form-data')) {
      const request = new Request('http://emulator.invalid/', {
        method: 'POST',
        headers: { 'content-type': ct },
        body: raw,
      });
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- undici's advice for production servers facing untrusted uploads; the emulator gets small bodies from a test client, already in memory
      const form = await request.formData();
      let body: unknown = null;
      const files: RecordedFile[] = [];
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') body = JSON.parse(value);
        } else {
          files.push({ field, filename: value.name, contentType: value.type, size: value.size });
        }
      }
      return { body, files, invalid: false };
    }
    return { body: JSON.parse(raw.toString('utf8')), files: [], invalid: false };
  } catch {
    return { body: null, files: [], invalid: true };
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status === 200 ? 204 : status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text).toString(),
    ...headers,
  });
  res.end(text);
}

/** A path pattern: a string is exact, or a prefix when it ends with '/'; a RegExp is tested. */
export function matchPath(pattern: string | RegExp, path: string): boolean {
  if (typeof pattern !== 'string') return pattern.test(path);
  return pattern.endsWith('/') ? path.startsWith(pattern) : path === pattern;
}
