/**
 * Downloading a /corpus upload. An interaction's attachment URL is data a client sent, so only
 * Discord's own storage is fetched from, within a size and a time limit, without following redirects.
 */
import type { Attachment } from 'discord.js';
import { MAX_FILE_BYTES, tooLargeReason } from '../corpus/file-size.js';
import { displayName, type Refusal } from '../corpus/report-upload.js';

/** An upload that takes longer than this to download is given up. */
const DOWNLOAD_TIMEOUT_MS = 10_000;

/** Where Discord serves uploaded files. */
const DISCORD_ATTACHMENT_ORIGINS = ['https://cdn.discordapp.com', 'https://media.discordapp.net'];

/**
 * The origins an attachment is downloaded from: Discord's CDN, and the origin of DISCORD_API_URL when
 * set (a test server or proxy is already trusted with the token). An interaction's attachment URL is
 * data a client sent; anything else (an internal address, say) is never fetched.
 */
export function attachmentOrigins(discordApiUrl: string | undefined): readonly string[] {
  return discordApiUrl ? [...DISCORD_ATTACHMENT_ORIGINS, new URL(discordApiUrl).origin] : DISCORD_ATTACHMENT_ORIGINS;
}

/**
 * The attachment's bytes, at most MAX_FILE_BYTES of them, within DOWNLOAD_TIMEOUT_MS, from one of
 * `origins` only; a redirect is not followed (it could lead anywhere).
 */
export async function download(attachment: Attachment, origins: readonly string[]): Promise<{ ok: true; bytes: Uint8Array } | Refusal> {
  const name = displayName(attachment.name);
  let url: URL;
  try {
    url = new URL(attachment.url);
  } catch {
    return { ok: false, reason: `“${name}” cannot be downloaded: its address is not valid. Upload the file again.` };
  }
  if (!origins.includes(url.origin)) return { ok: false, reason: `“${name}” cannot be downloaded: it is not stored on Discord. Upload the file to Discord.` };
  const tooLarge = (size: number | string): Refusal => ({ ok: false, reason: `“${name}” ${tooLargeReason(size)}.` });
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'manual' });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      return {
        ok: false,
        reason: `“${name}” could not be downloaded: Discord sent it elsewhere (HTTP ${response.status}), which the bot does not follow. Upload it again.`,
      };
    }
    if (!response.ok || !response.body) return { ok: false, reason: `“${name}” could not be downloaded (HTTP ${response.status}); try uploading it again.` };
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > MAX_FILE_BYTES) {
      await response.body.cancel();
      return tooLarge(declared);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    // fetch's body is a stream of bytes; the DOM-less lib types leave its chunks untyped.
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > MAX_FILE_BYTES) {
        await reader.cancel();
        return tooLarge(`more than ${MAX_FILE_BYTES}`);
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return { ok: true, bytes };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      ok: false,
      reason: timedOut
        ? `Downloading “${name}” took longer than ${DOWNLOAD_TIMEOUT_MS / 1000} s; try again.`
        : `“${name}” could not be downloaded; try uploading it again.`,
    };
  }
}
