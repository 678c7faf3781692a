/** Files users upload: stored by addAttachment, served like Discord's CDN at GET /attachments/{id}/{filename}. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIAttachment } from 'discord-api-types/v10';
import { snowflake } from './snowflake.js';
import type { EmulatorState } from './state.js';

export interface AttachmentOptions {
  contentType?: string | null;
  size?: number;
  url?: string;
  redirectTo?: string;
}

/** See DiscordEmulator.addAttachment. */
export function addAttachment(state: EmulatorState, filename: string, bytes: Uint8Array | string, options: AttachmentOptions): APIAttachment {
  const id = snowflake();
  const body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  // "." and ".." would be dot segments of the URL path: they are served as "_" and "__".
  const urlName = filename === '.' || filename === '..' ? filename.replace(/\./g, '_') : filename;
  const served = `http://127.0.0.1:${state.requirePort()}/attachments/${id}/${encodeURIComponent(urlName)}`;
  const url = options.url ?? served;
  const attachment: APIAttachment = { id, filename, size: options.size ?? body.length, url, proxy_url: url };
  const contentType = options.contentType === undefined ? 'text/plain; charset=utf-8' : options.contentType;
  if (contentType !== null) attachment.content_type = contentType;
  state.attachments.set(id, { attachment, bytes: body, urlName, ...(options.redirectTo ? { redirectTo: options.redirectTo } : {}) });
  return attachment;
}

/** The CDN part: GET /attachments/{id}/{filename} answers the stored bytes (no auth, like Discord's signed URLs). */
export function serveAttachment(state: EmulatorState, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const [, , id, name = ''] = url.pathname.split('/');
  const stored = id ? state.attachments.get(id) : undefined;
  let filename: string | null = null;
  try {
    filename = decodeURIComponent(name);
  } catch {
    // a malformed name matches no attachment
  }
  if (!stored || req.method !== 'GET' || filename !== stored.urlName) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404: Not Found');
    return;
  }
  state.attachmentDownloads.push(stored.attachment.id);
  if (stored.redirectTo) {
    res.writeHead(302, { location: stored.redirectTo, 'content-length': '0' });
    res.end();
    return;
  }
  res.writeHead(200, {
    'content-type': stored.attachment.content_type ?? 'application/octet-stream',
    'content-length': String(stored.bytes.length),
  });
  res.end(stored.bytes);
}
