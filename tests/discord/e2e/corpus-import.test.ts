/**
 * /corpus add with a saved web page and /corpus add-url, end to end: the real bot downloads the page
 * (from the emulator, or from a loopback page server), shows a private preview with Add and Cancel,
 * and writes the report only on Add, through the same checked, atomic, history-keeping path.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { InteractionEvent, InteractionHandle } from '@kursk/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_CHANGE_REFUSAL } from '../../../src/discord/permissions.js';
import { contentOf, embedsOf, expectEphemeral, unmarkdown, useHarness, type Harness } from '../../helpers/harness.js';
import { NEWS_PAGES, REPORT_004_PAGE, startPageServer, type PageServer } from '../../helpers/page-server.js';

let pages: PageServer;
beforeAll(async () => {
  pages = await startPageServer();
});
afterAll(async () => {
  await pages.close();
});
// The page server is on loopback, which the bot refuses unless told otherwise; only tests tell it.
const harness = useHarness('test', { pageFetch: { allowLoopback: true } });

type Button = { custom_id: string; label: string };
const buttonsOf = (event: InteractionEvent): Button[] => ((event.data?.components ?? []) as { components: Button[] }[]).flatMap((row) => row.components);
const button = (event: InteractionEvent, label: string): Button => {
  const found = buttonsOf(event).find((candidate) => candidate.label === label);
  if (!found) throw new Error(`no "${label}" button`);
  return found;
};
const textOf = (event: InteractionEvent) => {
  const [embed] = embedsOf(event);
  return embed
    ? unmarkdown([embed.title, embed.description, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value])].join('\n'))
    : contentOf(event);
};

async function preview(
  h: Harness,
  subcommand: 'add' | 'add-url',
  options: Record<string, string>,
  user = h.users.manager,
): Promise<{ handle: InteractionHandle; final: InteractionEvent }> {
  const handle = h.emulator.sendChatInput({ name: 'corpus', subcommand, options, user });
  const first = await handle.reply();
  const final = first.callbackType === 5 ? await handle.waitForEdit(() => true, 15_000) : first;
  expectEphemeral(final);
  return { handle, final };
}

const corpusFiles = async (h: Harness) => (await readdir(h.corpusDir)).filter((name) => !name.startsWith('.')).sort();

// Each preview extracts the article in a child process (src/import/extract-article-aside.ts): seconds on a busy machine.
describe('/corpus add-url', { timeout: 30_000 }, () => {
  it('previews the page privately and writes nothing until Add; Add writes the report and reloads', async () => {
    const h = harness();
    const before = await corpusFiles(h);
    const { handle, final } = await preview(h, 'add-url', { url: `${pages.origin}/report-004`, id: 'asiae-004' });
    const shown = textOf(final);
    expect(shown).toContain('Add this report? Russia to Mobilize 50,000 Troops');
    expect(shown).toContain('Publisher: The Asia Business Daily');
    expect(shown).toContain('Date: not stated by the page');
    expect(shown).toContain('Paragraphs: 6');
    expect(shown).toContain('First paragraph\nAccording to reports by The New York Times (NYT)');
    expect(shown).toContain('Last paragraph (6)\nA U.S. official also analyzed');
    expect(shown).toContain('Join us on social!');
    expect(buttonsOf(final).map((b) => b.label)).toEqual(['Add', 'Cancel']);
    expect(buttonsOf(final).every((b) => b.custom_id.length <= 100)).toBe(true);
    expect(await corpusFiles(h)).toEqual(before);

    const add = h.emulator.sendComponent({ customId: button(final, 'Add').custom_id, user: h.users.manager, message: handle.message! });
    const done = await add.waitForFollowUp(() => true, 10_000);
    expect(textOf(done)).toContain('Report added: asiae-004');
    expect(await corpusFiles(h)).toEqual([...before, 'asiae-004.md'].sort());
    const written = await readFile(path.join(h.corpusDir, 'asiae-004.md'), 'utf8');
    expect(written).toContain(`url: ${pages.origin}/report-004\n`);
    expect(written).toContain('\ncopyright: © The Asia Business Daily(www.asiae.co.kr). All rights reserved.\n');
    expect(h.library.current.corpus.sources.find((source) => source.id === 'asiae-004')?.paragraphs).toHaveLength(6);

    // The same button again: the preview was used.
    const again = await h.emulator.sendComponent({ customId: button(final, 'Add').custom_id, user: h.users.manager, message: handle.message! }).reply();
    expect(contentOf(again)).toContain('expired or was already used');
  });

  it('Cancel writes nothing, and the preview cannot be added afterwards', async () => {
    const h = harness();
    const before = await corpusFiles(h);
    const { handle, final } = await preview(h, 'add-url', { url: `${pages.origin}/story` });
    const cancel = await h.emulator.sendComponent({ customId: button(final, 'Cancel').custom_id, user: h.users.manager, message: handle.message! }).reply();
    expect(cancel.callbackType).toBe(7);
    expect(contentOf(cancel)).toBe('Cancelled: nothing was written.');
    const add = await h.emulator.sendComponent({ customId: button(final, 'Add').custom_id, user: h.users.manager, message: handle.message! }).reply();
    expect(contentOf(add)).toContain('expired or was already used');
    expect(await corpusFiles(h)).toEqual(before);
  });

  it('only the moderator who asked can press Add; members cannot use it at all', async () => {
    const h = harness();
    const { handle, final } = await preview(h, 'add-url', { url: `${pages.origin}/story` });
    const other = await h.emulator.sendComponent({ customId: button(final, 'Add').custom_id, user: h.users.moderator, message: handle.message! }).reply();
    expect(contentOf(other)).toBe('Only the moderator who asked for this preview can add or cancel it.');
    const member = await h.emulator.sendComponent({ customId: button(final, 'Add').custom_id, user: h.users.plain, message: handle.message! }).reply();
    expect(contentOf(member)).toBe(CORPUS_CHANGE_REFUSAL);
    const refused = await h.emulator
      .sendChatInput({ name: 'corpus', subcommand: 'add-url', options: { url: `${pages.origin}/story` }, user: h.users.plain })
      .reply();
    expect(contentOf(refused)).toBe(CORPUS_CHANGE_REFUSAL);
  });

  it('answers each refusal clearly and writes nothing', async () => {
    const h = harness();
    const before = await corpusFiles(h);
    const cases: [string, string][] = [
      [`${pages.origin}/pdf`, 'PDF document'],
      [`${pages.origin}/image`, 'image (image/png)'],
      [`${pages.origin}/script`, 'mostly script'],
      [`${pages.origin}/hops/7`, 'redirected more than 5 times'],
      [`${pages.origin}/redirect?to=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`, 'link-local address'],
      ['http://10.0.0.1/', 'a private address'],
      ['ftp://example.invalid/', 'starting with https://'],
    ];
    for (const [url, reason] of cases) {
      const { final } = await preview(h, 'add-url', { url });
      expect(textOf(final), url).toContain('Nothing was changed');
      expect(textOf(final), url).toContain(reason);
    }
    expect(await corpusFiles(h)).toEqual(before);
  });
});

describe('/corpus add with a saved web page', { timeout: 30_000 }, () => {
  it('previews an uploaded .html page, and Add writes it through the usual path', async () => {
    const h = harness();
    const attachment = h.emulator.addAttachment('kursk-page.html', await readFile(REPORT_004_PAGE), { contentType: 'text/html; charset=utf-8' });
    const { handle, final } = await preview(h, 'add', { file: attachment.id, id: 'page-004' });
    expect(textOf(final)).toContain('Paragraphs: 6');
    const add = h.emulator.sendComponent({ customId: button(final, 'Add').custom_id, user: h.users.manager, message: handle.message! });
    expect(textOf(await add.waitForFollowUp(() => true, 10_000))).toContain('Report added: page-004');
    const written = await readFile(path.join(h.corpusDir, 'page-004.md'), 'utf8');
    const original = await readFile(path.join(h.corpusDir, '004-russia-mobilizes-50000-including-north-korean.md'), 'utf8');
    expect(written.split('---\n')[2]).toBe(original.split('---\n')[2]);
  });

  it('refuses title and publisher options with a page (they are for plain text), writing nothing', async () => {
    const h = harness();
    const before = await corpusFiles(h);
    const attachment = h.emulator.addAttachment('kursk-page.html', await readFile(REPORT_004_PAGE), { contentType: 'text/html' });
    const { final } = await preview(h, 'add', { file: attachment.id, title: 'My own title' });
    expect(textOf(final)).toContain('The title and publisher options are for plain text');
    expect(buttonsOf(final)).toEqual([]);
    expect(await corpusFiles(h)).toEqual(before);
  });

  it.skipIf(!existsSync(path.join(NEWS_PAGES, 'telegraph')))('a real saved page: the preview lists what was left out', async () => {
    const h = harness();
    const attachment = h.emulator.addAttachment('telegraph.html', await readFile(path.join(NEWS_PAGES, 'telegraph', 'source.html')), {
      contentType: 'text/html',
    });
    const { final } = await preview(h, 'add', { file: attachment.id });
    const shown = textOf(final);
    expect(shown).toContain('Paragraphs: 13');
    expect(shown).toContain('Publisher: The Telegraph');
    expect(shown).toContain('Date: 2017-11-16 · Language: en-GB');
    expect(shown).toMatch(/Left out \(\d+ lines of text; the longest\)/);
  });
});
