/** `npm run ask -- --add FILE` and `--remove ID`: the library's changes from a shell, as /corpus makes them. */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { ask as askCli } from '../helpers/ask-cli.js';

const ask = (args: string[], corpusDir: string) => askCli(args, { corpusDir });

let parent: string;
let corpusDir: string;
beforeAll(async () => {
  parent = await mkdtemp(path.join(tmpdir(), 'change-cli-'));
  corpusDir = path.join(parent, 'corpus');
  await cp('corpus', corpusDir, { recursive: true });
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

// Each run starts a cold tsx process: seconds on a busy machine.
describe('npm run ask -- --add / --remove', { timeout: 60_000 }, () => {
  it('--add writes a plain text file as a report with front matter from the options; a broken one is refused by file and line', async () => {
    const notes = path.join(parent, 'Harbour Notes.txt');
    await writeFile(notes, 'The harbour was quiet on Monday.\n\nTwo ships left before dawn.\n');
    const added = await ask(['--add', notes, '--title', 'Harbour notes', '--publisher', 'Port Gazette'], corpusDir);
    expect(added.stderr).toContain('Added harbour-notes (harbour-notes.md in');
    expect(added.code).toBe(0);
    expect(await readFile(path.join(corpusDir, 'harbour-notes.md'), 'utf8')).toBe(
      '---\nid: harbour-notes\ntitle: Harbour notes\npublisher: Port Gazette\n---\n\nThe harbour was quiet on Monday.\n\nTwo ships left before dawn.\n',
    );

    const broken = path.join(parent, 'broken.md');
    await writeFile(broken, '---\ntitle: No id here\n---\n\nText.\n');
    const before = (await readdir(corpusDir)).sort();
    const refused = await ask(['--add', broken], corpusDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Nothing was changed: “broken\.md” is not a valid report file:\nbroken\.md:\d+: .*"id"/);
    expect((await readdir(corpusDir)).sort()).toEqual(before);
  });

  it('--remove moves the report to .history; the folder still loads without it', async () => {
    const removed = await ask(['--remove', '003'], corpusDir);
    expect(removed.stderr).toMatch(/^Removed 003 \(003-.*\.md in .*\); the previous version is kept in \.history\//);
    expect(removed.code).toBe(0);
    const loaded = await loadCorpus(corpusDir);
    expect(loaded.ok && loaded.corpus.sources.map((source) => source.id)).not.toContain('003');
    expect((await readdir(path.join(corpusDir, '.history'))).some((name) => name.endsWith('.md'))).toBe(true);

    const unknown = await ask(['--remove', 'nope'], corpusDir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Nothing was changed: There is no source “nope”.');
  });
});
