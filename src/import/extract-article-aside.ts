/**
 * Extracts an article in a child process. Parsing a page is synchronous work (about 0.3 s for a
 * 300 KB news page, 2 s for 5 MB): in the bot's process it would hold every server's answers.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExtractResult } from './extract-article.js';

/** A page that takes longer than this to read is given up. */
const EXTRACT_TIMEOUT_MS = 30_000;
/** Enough for a 5 MB page's DOM; a page needing more is refused rather than swelling the host. */
const EXTRACT_HEAP_MB = 1_024;

const fromSource = import.meta.url.endsWith('.ts');
/** The child's entry, beside this file: TypeScript when run from source (through tsx), JavaScript when built. */
const ENTRY = fileURLToPath(new URL(`./extract-article-process.${fromSource ? 'ts' : 'js'}`, import.meta.url));
const LOADER = fromSource ? ['--import', import.meta.resolve('tsx')] : [];

export function extractArticleAside(html: string, options: { readonly url?: string } = {}): Promise<ExtractResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${EXTRACT_HEAP_MB}`, ...LOADER, ENTRY], { stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), EXTRACT_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => undefined);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExtractResult);
        return;
      }
      const reason =
        signal === 'SIGKILL'
          ? 'Reading the page took too long (over 30 s); it cannot be imported.'
          : 'The page could not be read (it may be too large or malformed).';
      resolve({ ok: false, reason });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify({ html, options }));
  });
}
