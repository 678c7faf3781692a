/**
 * /corpus end to end: moderators add (report files and plain text), replace, remove and list reports
 * from Discord; uploads are served by the emulator and downloaded by the real bot.
 */
import { access, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InteractionEvent, InteractionHandle, OptionValues } from '@kursk/discord-emulator';
import { describe, expect, it } from 'vitest';
import { DiscordLimits } from '../../../src/discord/limits.js';
import { CORPUS_CHANGE_REFUSAL } from '../../../src/discord/permissions.js';
import {
  contentOf,
  embedsOf,
  expectEphemeral,
  expectVerbatimQuote,
  logLines,
  QUOKKA_REPORT,
  unmarkdown,
  useHarness,
  waitUntil,
  type Harness,
} from '../../helpers/harness.js';

// One harness per test: each test changes its own copy of the corpus.
const harness = useHarness('test');

const ORIGINAL_FILES = [
  '000-kursk-counteroffensive-50000-troops.md',
  '003-putin-40000-russian-10000-north-korean.md',
  '004-russia-mobilizes-50000-including-north-korean.md',
];
const FILE_004 = ORIGINAL_FILES[2]!;

interface Sent {
  handle: InteractionHandle;
  /** The answer the moderator sees: the reply, or the deferral's edit. */
  final: InteractionEvent;
}

async function corpusCommand(h: Harness, subcommand: string, options: OptionValues = {}, user = h.users.manager): Promise<Sent> {
  const handle = h.emulator.sendChatInput({ name: 'corpus', subcommand, options, user });
  const first = await handle.reply();
  const final = first.callbackType === 5 ? await handle.waitForEdit() : first;
  expect(handle.ackLatencyMs).toBeLessThan(DiscordLimits.acknowledgeMs);
  expectEphemeral(final);
  return { handle, final };
}

async function upload(
  h: Harness,
  filename: string,
  content: string | Uint8Array,
  options: OptionValues = {},
  extra: { user?: string; contentType?: string | null; size?: number; url?: string; redirectTo?: string } = {},
): Promise<Sent & { attachmentId: string }> {
  const { user: _user, ...attachmentOptions } = extra;
  const attachment = h.emulator.addAttachment(filename, content, attachmentOptions);
  const sent = await corpusCommand(h, 'add', { file: attachment.id, ...options }, extra.user ?? h.users.manager);
  return { ...sent, attachmentId: attachment.id };
}

/** Title and description of the first embed (markdown undone), or the content. */
function textOf(event: InteractionEvent): string {
  const [embed] = embedsOf(event);
  return embed ? unmarkdown(`${embed.title ?? ''}\n${embed.description ?? ''}`) : contentOf(event);
}

/** Every file under the corpus folder, as relative paths (history included). */
async function tree(h: Harness): Promise<string[]> {
  const entries = await readdir(h.corpusDir, { recursive: true });
  return entries.map((entry) => entry.split(path.sep).join('/')).sort();
}
async function historyFiles(h: Harness): Promise<string[]> {
  return (await tree(h)).filter((entry) => entry.startsWith('.history/'));
}

/** Citations ("004 ¶3") of the /ask answer's quotes. */
async function citedSources(h: Harness, question: string): Promise<string[]> {
  const { reply } = await h.ask(question);
  return (embedsOf(reply)[0]?.fields ?? []).map((field) => /([A-Za-z0-9_-]+) ¶\d+/.exec(unmarkdown(field.name))?.[1] ?? '?');
}

describe('/corpus against the emulator', () => {
  it('adds a report file: written as <id>.md, the index swapped, /ask quotes it, /corpus list shows it, the change logged', async () => {
    const h = harness();
    const { handle, final, attachmentId } = await upload(h, 'quokkas.md', QUOKKA_REPORT, {}, { contentType: 'text/markdown; charset=utf-8' });

    expect(handle.callbacks[0]?.callbackType).toBe(5);
    expect((handle.callbacks[0]?.data?.flags ?? 0) & 64, 'the deferral is ephemeral').toBe(64);
    expect(h.emulator.attachmentDownloads).toEqual([attachmentId]);
    const [embed] = embedsOf(final);
    expect(embed?.title).toBe('Report added: 005');
    expect(unmarkdown(embed?.description ?? '')).toContain('File: 005.md · 2 paragraphs');
    expect(embed?.footer?.text).toMatch(/^4 sources, \d+ paragraphs · version [0-9a-f]{12}$/);
    expect(await tree(h)).toEqual(['005.md', ...ORIGINAL_FILES].sort());
    expect(await h.readCorpusFile('005.md')).toBe(QUOKKA_REPORT);

    const { reply } = await h.ask('quokkas crossing the Seym river');
    const field = embedsOf(reply)[0]?.fields?.[0];
    expect(field?.name).toBe('005 ¶1 — Quokka sightings near the Seym river');
    expect(await expectVerbatimQuote(h, field!)).toBe('005:1');

    const list = await corpusCommand(h, 'list');
    const [listed] = embedsOf(list.final);
    expect(listed?.title).toBe('Corpus: 4 sources');
    const lines = unmarkdown(listed?.description ?? '').split('\n');
    expect(lines).toContain('005 — Quokka sightings near the Seym river · Test Wire · 2 ¶ · 005.md');
    expect(lines.find((line) => line.startsWith('004 — '))).toBe(
      `004 — Russia to Mobilize 50,000 Troops Including North Korean Forces... Kursk Attack Imminent · The Asia Business Daily · 6 ¶ · ${FILE_004}`,
    );
    expect(lines.find((line) => line.startsWith('003 — '))).toMatch(/^003 — “Vladimir Putin has gathered.*” · \d+ ¶ · 003-putin/);

    expect(logLines(h, 'corpus change')).toEqual([
      expect.objectContaining({ by: h.users.manager, action: 'add', file: '005.md', id: '005', outcome: 'applied' }),
    ]);
  });

  it('adds plain text with title and publisher options: front matter from the options only, id from the file name', async () => {
    const h = harness();
    const text = 'Residents reported a herd of quokkas crossing the frozen Seym at dawn.\r\n\r\nOfficials said the animals went north.\r\n';
    const { final } = await upload(h, 'Quokka Notes.txt', text, { title: 'Quokka notes', publisher: 'Test Wire' }, { user: h.users.moderator });

    expect(embedsOf(final)[0]?.title).toBe('Report added: quokka-notes');
    expect(await h.readCorpusFile('quokka-notes.md')).toBe(
      [
        '---',
        'id: quokka-notes',
        'title: Quokka notes',
        'publisher: Test Wire',
        '---',
        '',
        'Residents reported a herd of quokkas crossing the frozen Seym at dawn.',
        '',
        'Officials said the animals went north.',
        '',
      ].join('\n'),
    );
    const source = h.library.current.corpus.sources.find((each) => each.id === 'quokka-notes');
    expect(source).toMatchObject({ title: 'Quokka notes', publisher: 'Test Wire', file: 'quokka-notes.md' });
    expect(source?.date).toBeUndefined();
    expect(source?.url).toBeUndefined();
    expect(source?.paragraphs).toHaveLength(2);
    expect(await citedSources(h, 'quokkas crossing the frozen Seym')).toContain('quokka-notes');

    // With an id option and no title: no title is made up (the opening words stand for it).
    await upload(h, 'notes.txt', 'A second note about quokkas near the forest edge.', { id: 'note-2' }, { user: h.users.moderator });
    expect(await h.readCorpusFile('note-2.md')).toBe(['---', 'id: note-2', '---', '', 'A second note about quokkas near the forest edge.', ''].join('\n'));
    expect(logLines(h, 'corpus change').map((line) => [line['by'], line['action'], line['id']])).toEqual([
      [h.users.moderator, 'add', 'quokka-notes'],
      [h.users.moderator, 'add', 'note-2'],
    ]);
  });

  it('replaces a source with the same id in its own file, keeping the old version in .history', async () => {
    const h = harness();
    const original = await h.readCorpusFile(FILE_004);
    const changed = original.replace(/\n\n([^\n]+)\n*$/, '\n\n$1 An analyst described the frontline mood as a marmalade of exhaustion and resolve.\n');
    expect(changed).not.toBe(original);
    const { final } = await upload(h, 'my-edit.md', changed);

    const [embed] = embedsOf(final);
    expect(embed?.title).toBe('Report replaced: 004');
    expect(unmarkdown(embed?.description ?? '')).toMatch(/The previous version is kept in \.history\/.*-004-russia/);
    expect(await h.readCorpusFile(FILE_004)).toBe(changed);
    const history = await historyFiles(h);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatch(new RegExp(`^\\.history/\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z-${FILE_004}$`));
    expect(await readFile(path.join(h.corpusDir, history[0]!), 'utf8')).toBe(original);
    expect((await tree(h)).filter((entry) => !entry.startsWith('.history'))).toEqual(ORIGINAL_FILES);
    expect(h.library.current.corpus.sources.map((source) => source.id)).toEqual(['000', '003', '004']);
    expect(await citedSources(h, 'marmalade of exhaustion')).toContain('004');
    expect(logLines(h, 'corpus change').at(-1)).toMatchObject({ by: h.users.manager, action: 'replace', id: '004', file: FILE_004, history: history[0] });
  });

  it('removes a source chosen by autocomplete: its file moves to .history, /ask stops quoting it, /source calls it unknown', async () => {
    const h = harness();
    const question = 'Putin 40,000 Russian soldiers and 10,000 North Korean troops';
    expect(await citedSources(h, question)).toContain('003');

    const typed = h.emulator.sendAutocomplete({ name: 'corpus', subcommand: 'remove', options: { source: 'putin' }, focused: 'source', user: h.users.manager });
    const choices = (await typed.reply()).data?.choices ?? [];
    expect(choices.map((choice) => choice.value)).toEqual(['003']);

    const original = await h.readCorpusFile(ORIGINAL_FILES[1]!);
    const { final } = await corpusCommand(h, 'remove', { source: '003' });
    expect(embedsOf(final)[0]?.title).toBe('Report removed: 003');
    const history = await historyFiles(h);
    expect(history).toEqual([expect.stringMatching(new RegExp(`-${ORIGINAL_FILES[1]!}$`))]);
    expect(await readFile(path.join(h.corpusDir, history[0]!), 'utf8')).toBe(original);
    expect((await tree(h)).filter((entry) => !entry.startsWith('.history'))).toEqual([ORIGINAL_FILES[0], ORIGINAL_FILES[2]]);

    expect(await citedSources(h, question)).not.toContain('003');
    const unknown = await h.command({ name: 'source', options: { source: '003' } }).reply();
    expect(unmarkdown(contentOf(unknown))).toContain('There is no source “003”');
    expect(logLines(h, 'corpus change').at(-1)).toMatchObject({
      by: h.users.manager,
      action: 'remove',
      id: '003',
      file: ORIGINAL_FILES[1],
      history: history[0],
    });

    // Removing it again: told it is unknown; the last source cannot be removed.
    expect(textOf((await corpusCommand(h, 'remove', { source: '003' })).final)).toContain('There is no source “003”');
    await corpusCommand(h, 'remove', { source: '000' });
    expect(textOf((await corpusCommand(h, 'remove', { source: '004' })).final)).toContain('004 is the only source');
    expect(h.library.current.corpus.sources.map((source) => source.id)).toEqual(['004']);
  });

  it('refuses a plain member (and a DM) before downloading or writing anything', async () => {
    const h = harness();
    const before = h.library.current;
    const plain = await upload(h, 'quokkas.md', QUOKKA_REPORT, {}, { user: h.users.plain });
    expect(plain.handle.callbacks[0]?.callbackType).toBe(4);
    expect(contentOf(plain.final)).toBe(CORPUS_CHANGE_REFUSAL);
    expect(contentOf((await corpusCommand(h, 'list', {}, h.users.plain)).final)).toBe(CORPUS_CHANGE_REFUSAL);
    expect(contentOf((await corpusCommand(h, 'remove', { source: '004' }, h.users.plain)).final)).toBe(CORPUS_CHANGE_REFUSAL);

    const dm = h.emulator.sendChatInput({ name: 'corpus', subcommand: 'list', user: h.users.owner, guildId: null });
    expect(contentOf(await dm.reply())).toBe(CORPUS_CHANGE_REFUSAL);

    expect(h.emulator.attachmentDownloads).toEqual([]);
    expect(await tree(h)).toEqual(ORIGINAL_FILES);
    expect(h.library.current).toBe(before);
    expect(logLines(h, 'corpus change')).toEqual([]);
    // The bot logs an interaction just after answering it: wait for the last line.
    const outcomes = () =>
      logLines(h, 'interaction')
        .filter((line) => line['command'] === 'corpus')
        .map((line) => line['outcome']);
    await waitUntil(() => outcomes().length === 4, 3000, 'four /corpus log lines');
    expect(outcomes()).toEqual(['refused', 'refused', 'refused', 'refused']);
  });

  it('refuses oversized, binary and non-UTF-8 uploads with a clear message; nothing is written and the index keeps serving', async () => {
    const h = harness();
    const before = h.library.current;
    const big = 'quokka '.repeat(150_000);

    const declared = await upload(h, 'big.txt', big);
    expect(declared.handle.callbacks[0]?.callbackType, 'refused at once, without a download').toBe(4);
    expect(textOf(declared.final)).toContain(`is ${Buffer.byteLength(big)} bytes; a report file may be at most 1000000 bytes (1 MB)`);
    expect(h.emulator.attachmentDownloads).toEqual([]);

    const lying = await upload(h, 'small.txt', big, {}, { size: 1000 });
    expect(textOf(lying.final)).toContain('a report file may be at most 1000000 bytes (1 MB)');

    const image = await upload(h, 'photo.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), {}, { contentType: 'image/png' });
    expect(textOf(image.final)).toContain('Only text files can be added');
    const disguised = await upload(h, 'photo.md', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), {}, { contentType: 'image/png' });
    expect(textOf(disguised.final)).toContain('was uploaded as image/png');
    const binary = await upload(h, 'photo.md', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), {}, { contentType: null });
    expect(textOf(binary.final)).toContain('is not UTF-8 text: photo.md: is not a text file (it contains NUL bytes)');
    const latin1 = await upload(h, 'latin1.txt', Uint8Array.from([...Buffer.from('Line one.\n\nLine three, caf'), 0xe9, 0x0a]));
    expect(textOf(latin1.final)).toContain('latin1.txt:3: is not valid UTF-8 text');

    expect(await tree(h)).toEqual(ORIGINAL_FILES);
    expect(h.library.current).toBe(before);
    expect(await citedSources(h, 'What did Jake Sullivan say about the nuclear program?')).toContain('004');
    expect(logLines(h, 'corpus change')).toEqual([]);
    expect(logLines(h, 'corpus change refused').map((line) => [line['by'], line['outcome']])).toEqual([
      [h.users.manager, 'too-large'],
      [h.users.manager, 'download-failed'],
      [h.users.manager, 'wrong-type'],
      [h.users.manager, 'wrong-type'],
      [h.users.manager, 'invalid'],
      [h.users.manager, 'invalid'],
    ]);
  });

  it('refuses invalid front matter naming line and reason, and options that contradict the front matter', async () => {
    const h = harness();
    const broken = await upload(h, 'broken.md', ['---', 'id: 006', 'tilte: Misspelt key', '---', '', 'A paragraph.', ''].join('\n'));
    expect(textOf(broken.final)).toContain('broken.md:3: unknown front matter key "tilte"');
    const badDate = await upload(h, 'dated.md', ['---', 'id: 006', 'date: 12/01/2024', '---', '', 'A paragraph.', ''].join('\n'));
    expect(textOf(badDate.final)).toContain('dated.md:3: "date" must be a date written YYYY-MM-DD');
    const contradicted = await upload(h, 'quokkas.md', QUOKKA_REPORT, { publisher: 'Other Wire' });
    expect(textOf(contradicted.final)).toContain('the publisher option says “Other Wire” but the file says “Test Wire”');
    expect(await tree(h)).toEqual(ORIGINAL_FILES);
  });

  it('never lets file names or ids escape the corpus folder', async () => {
    const h = harness();
    const outside = path.dirname(h.corpusDir);
    const text = 'Quokkas were seen near the river at dawn.';
    const replies: string[] = [];
    for (const filename of ['../../etc/passwd', 'a/b', '..', 'x\u0000y.txt', '..\\..\\evil.txt', '.hidden.md'])
      replies.push(textOf((await upload(h, filename, text)).final));
    expect(replies[0]).toContain('Report added: passwd');
    expect(replies[2]).toContain('No id can be made from the file name “..”; give one with the id option.');
    expect(replies[3]).toContain('Report added: x-y');
    for (const id of ['../../etc/passwd', 'a/b', '..', 'a\\b', '.x']) {
      const { final } = await upload(h, 'note.txt', text, { id });
      expect(textOf(final)).toContain('options: "id" must be 1-32 letters, digits, "-" or "_"');
    }
    // A front matter id is held to the same rule.
    const { final } = await upload(h, 'fm.md', ['---', 'id: ../../escape', '---', '', text, ''].join('\n'));
    expect(textOf(final)).toContain('fm.md:2: "id" must be 1-32 letters');

    // "passwd" and "b" from the path-like names, "x-y", "evil" and "hidden" from the others; ".." has no usable name.
    const added = (await tree(h)).filter((entry) => !ORIGINAL_FILES.includes(entry));
    expect(added).toEqual(['b.md', 'evil.md', 'hidden.md', 'passwd.md', 'x-y.md']);
    for (const name of ['passwd', 'passwd.md', 'etc', 'b.md', 'evil.md', 'evil.txt', 'escape.md', '.hidden.md']) {
      await expect(access(path.join(outside, name)), `${name} next to the corpus folder`).rejects.toThrow();
    }
    await expect(access('/etc/passwd.md')).rejects.toThrow();
    expect(logLines(h, 'corpus change').map((line) => line['file'])).toEqual(['passwd.md', 'b.md', 'x-y.md', 'evil.md', 'hidden.md']);
  });

  it('refuses an id whose file already holds another source, and a file name left by someone on the host', async () => {
    const h = harness();
    await h.writeCorpusFile('quokka.md', QUOKKA_REPORT);
    await corpusCommand(h, 'list'); // nothing reloaded yet: the index knows 000, 003, 004
    const reload = h.emulator.sendChatInput({ name: 'reload', user: h.users.manager });
    await reload.reply();
    await reload.waitForEdit();
    expect(h.library.current.corpus.sources.map((source) => source.id)).toEqual(['000', '003', '004', '005']);

    const clash = await upload(h, 'notes.txt', 'Another text.', { id: 'quokka' });
    expect(textOf(clash.final)).toContain('The file quokka.md already holds source “005”; give this report another id.');

    // A file on disk that the index does not know (not reloaded yet) is not overwritten either.
    await h.writeCorpusFile('stray.md', 'not loaded yet');
    const stray = await upload(h, 'notes.txt', 'Another text.', { id: 'stray' });
    expect(textOf(stray.final)).toContain('A file named stray.md is already in the corpus folder');
    expect(await h.readCorpusFile('stray.md')).toBe('not loaded yet');
    expect(await h.readCorpusFile('quokka.md')).toBe(QUOKKA_REPORT);
    expect(logLines(h, 'corpus change')).toEqual([]);
  });

  it('runs after a /reload under way, never beside it, so the index matches the folder', async () => {
    const h = harness();
    // Reload back to back for a while, as busy moderators might: the change's own reload finds one running.
    const spinning = new AbortController();
    let reloads = 0;
    const spinner = (async () => {
      while (!spinning.signal.aborted) {
        await h.library.reload();
        reloads += 1;
      }
    })();
    setTimeout(() => {
      spinning.abort();
    }, 300);
    const { final } = await upload(h, 'quokkas.md', QUOKKA_REPORT);
    await spinner;
    expect(reloads).toBeGreaterThan(0);
    expect(embedsOf(final)[0]?.title).toBe('Report added: 005');
    expect(h.library.current.corpus.sources.map((source) => source.id)).toEqual(['000', '003', '004', '005']);
    expect(await h.readCorpusFile('005.md')).toBe(QUOKKA_REPORT);
  });

  it('takes a change back when the folder then fails to load (another broken file), and says why', async () => {
    const h = harness();
    const before = h.library.current;
    await h.writeCorpusFile('zz-broken.md', ['---', 'id: 009', 'tilte: Misspelt', '---', '', 'Text.', ''].join('\n'));

    const added = await upload(h, 'quokkas.md', QUOKKA_REPORT);
    expect(textOf(added.final)).toContain('the change was taken back');
    expect(textOf(added.final)).toContain('zz-broken.md:3: unknown front matter key "tilte"');
    expect(await tree(h)).toEqual([...ORIGINAL_FILES, 'zz-broken.md']);

    const original = await h.readCorpusFile(FILE_004);
    const replaced = await upload(h, 'edit.md', original.replace('Kursk Attack Imminent', 'Kursk Attack Soon'));
    expect(textOf(replaced.final)).toContain('the change was taken back');
    expect(await h.readCorpusFile(FILE_004)).toBe(original);

    const removed = await corpusCommand(h, 'remove', { source: '003' });
    expect(textOf(removed.final)).toContain('the change was taken back');
    expect((await tree(h)).filter((entry) => !entry.startsWith('.history'))).toEqual([...ORIGINAL_FILES, 'zz-broken.md']);

    expect(h.library.current).toBe(before);
    expect(await citedSources(h, 'What did Jake Sullivan say about the nuclear program?')).toContain('004');
    expect(logLines(h, 'corpus change undone').map((line) => [line['by'], line['action'], line['outcome']])).toEqual([
      [h.users.manager, 'add', 'invalid'],
      [h.users.manager, 'replace', 'invalid'],
      [h.users.manager, 'remove', 'invalid'],
    ]);
  });

  it('downloads only from the attachment origin: a forged address (an internal server) and a redirect to it are refused, and it is never contacted', async () => {
    const h = harness();
    const internal: string[] = [];
    const server = createServer((request, response) => {
      internal.push(request.url ?? '');
      response.end(QUOKKA_REPORT);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const secret = `http://127.0.0.1:${(server.address() as AddressInfo).port}/latest/meta-data/quokkas.md`;
    try {
      const forged = await upload(h, 'quokkas.md', QUOKKA_REPORT, {}, { url: secret });
      expect(textOf(forged.final)).toContain('“quokkas.md” cannot be downloaded: it is not stored on Discord. Upload the file to Discord.');
      expect(h.emulator.attachmentDownloads).toEqual([]);

      const redirected = await upload(h, 'quokkas.md', QUOKKA_REPORT, {}, { redirectTo: secret });
      expect(textOf(redirected.final)).toMatch(/“quokkas\.md” could not be downloaded: Discord sent it elsewhere \(HTTP 302\)/);
      expect(h.emulator.attachmentDownloads, 'the emulator answered the redirect').toEqual([redirected.attachmentId]);

      expect(internal, 'the internal server was never contacted').toEqual([]);
      expect(await tree(h)).toEqual(ORIGINAL_FILES);
      expect(logLines(h, 'interaction failed')).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a .history that is a link: replace and remove are refused naming it (no "Something went wrong"), nothing moves, nothing is written through the link', async () => {
    const h = harness();
    const before = h.library.current;
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'kursk-history-elsewhere-'));
    try {
      await symlink(elsewhere, path.join(h.corpusDir, '.history'));
      const original = await h.readCorpusFile(FILE_004);
      const replaced = await upload(h, 'edit.md', original.replace('Kursk Attack Imminent', 'Kursk Attack Soon'));
      const removed = await corpusCommand(h, 'remove', { source: '003' });
      for (const { final } of [replaced, removed]) {
        expect(textOf(final)).toContain('Nothing was changed: .history in the corpus folder is a symbolic link');
        expect(textOf(final)).not.toContain('Something went wrong');
      }
      expect(await h.readCorpusFile(FILE_004)).toBe(original);
      expect(await readdir(elsewhere), 'nothing written where the link points').toEqual([]);
      expect((await readdir(h.corpusDir)).sort()).toEqual(['.history', ...ORIGINAL_FILES]);
      expect(h.library.current).toBe(before);
      expect(logLines(h, 'interaction failed')).toEqual([]);

      // /reload names it too.
      const reload = h.emulator.sendChatInput({ name: 'reload', user: h.users.manager });
      expect(textOf(await reload.waitForEdit())).toContain('.history: is a symbolic link');
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('a report file that is a link makes every change be taken back, naming the link', async () => {
    const h = harness();
    await writeFile(path.join(h.corpusDir, 'alias.txt'), '---\nid: 777\n---\n\nAn aliased report about harbour cranes.\n');
    await symlink('alias.txt', path.join(h.corpusDir, '777.md'));
    const added = await upload(h, 'quokkas.md', QUOKKA_REPORT);
    expect(textOf(added.final)).toContain('the change was taken back');
    expect(textOf(added.final)).toContain('777.md: is a symbolic link; the corpus folder must hold the files themselves');
    expect(h.library.current.corpus.sources.map((source) => source.id)).toEqual(['000', '003', '004']);
  });
});
