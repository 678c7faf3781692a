import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { ask as askCli } from '../helpers/ask-cli.js';
import { REPORT_004_PAGE, startPageServer, type PageServer } from '../helpers/page-server.js';

const ask = (args: string[], corpusDir: string) => askCli(args, { corpusDir });

let corpusDir: string;
let pages: PageServer;
beforeAll(async () => {
  corpusDir = await mkdtemp(path.join(tmpdir(), 'import-cli-'));
  await cp('corpus', corpusDir, { recursive: true });
  pages = await startPageServer();
});
afterAll(async () => {
  await pages.close();
  await rm(corpusDir, { recursive: true, force: true });
});
const files = async () => (await readdir(corpusDir)).sort();

describe('npm run ask -- --import', { timeout: 30_000 }, () => {
  it('prints the report file a saved page makes, and writes nothing', async () => {
    const before = await files();
    const { stdout, stderr, code } = await ask(['--import', REPORT_004_PAGE], corpusDir);
    expect(code).toBe(0);
    expect(
      stdout.startsWith(
        '---\nid: russia-to-mobilize-50-000-troops\ntitle: Russia to Mobilize 50,000 Troops Including North Korean Forces... Kursk Attack Imminent\npublisher: The Asia Business Daily\nlanguage: en\n',
      ),
    ).toBe(true);
    const original = await readFile(path.join('corpus', '004-russia-mobilizes-50000-including-north-korean.md'), 'utf8');
    expect(stdout.split('---\n')[2]).toBe(original.split('---\n')[2]);
    expect(stderr).toContain('6 paragraphs; left out 6 lines of text');
    expect(stderr).toContain('Not written. Add --write');
    expect(await files()).toEqual(before);
  });

  it('--write puts it in CORPUS_DIR, checked and atomically; again replaces it and keeps the old one in .history', async () => {
    const first = await ask(['--import', REPORT_004_PAGE, '--id', 'page-004', '--write'], corpusDir);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Added page-004 (page-004.md in');
    expect(await readFile(path.join(corpusDir, 'page-004.md'), 'utf8')).toBe(first.stdout);
    const loaded = await loadCorpus(corpusDir);
    expect(loaded.ok && loaded.corpus.sources.map((source) => source.id)).toEqual(['000', '003', '004', 'page-004']);

    await writeFile(path.join(corpusDir, 'page-004.md'), first.stdout.replace('Kursk Attack Imminent\n', 'Kursk Attack Imminent (edited)\n'));
    const again = await ask(['--import', REPORT_004_PAGE, '--id', 'page-004', '--write'], corpusDir);
    expect(again.stderr).toMatch(/the previous version is kept in \.history\/.*page-004\.md/);
    const history = await readdir(path.join(corpusDir, '.history'));
    expect(await readFile(path.join(corpusDir, '.history', history[0]!), 'utf8')).toContain('(edited)');
  });

  it('refuses a page address on this machine: the shell, like the bot, never fetches from loopback', async () => {
    const { stdout, stderr, code } = await ask(['--import', `${pages.origin}/story`], corpusDir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`${new URL(pages.origin).host} is a loopback address (127.0.0.1); only pages on the public internet can be fetched.`);
    expect(pages.requests).toEqual([]);
  });

  it('refuses what is not a page, with the reason', async () => {
    const pdf = path.join(corpusDir, '..', `import-cli-${process.pid}.pdf`);
    await writeFile(pdf, '%PDF-1.4\n');
    try {
      const { stderr, code } = await ask(['--import', pdf], corpusDir);
      expect(code).toBe(1);
      expect(stderr).toContain('This is a PDF document; only web pages (HTML) can be imported.');
    } finally {
      await rm(pdf, { force: true });
    }
    expect((await ask(['--import', 'no-such-page.html'], corpusDir)).stderr).toContain('Cannot read no-such-page.html: ENOENT');
  });
});
