/** /reload end to end: who may reload, what the moderator is told, and what /ask answers afterwards. */
import type { InteractionHandle } from '@kursk/discord-emulator';
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
  type Harness,
} from '../../helpers/harness.js';

// One harness per test: each test edits its own copy of the corpus.
const harness = useHarness('test');

const FILE_004 = '004-russia-mobilizes-50000-including-north-korean.md';

/** Paragraph 3 of 004, rewritten. */
const CHANGED_SENTENCE = 'An analyst described the frontline mood as a marmalade of exhaustion and resolve.';

async function changeParagraph3Of004(h: Harness): Promise<void> {
  const original = await h.readCorpusFile(FILE_004);
  const paragraphs = original.split('\n\n');
  // paragraphs[0] is the front matter; [3] is paragraph 3.
  paragraphs[3] = `${paragraphs[3]!} ${CHANGED_SENTENCE}`;
  await h.writeCorpusFile(FILE_004, paragraphs.join('\n\n'));
}

/** Sends /reload; for an allowed one waits for the deferral's edit. */
async function reload(h: Harness, options: { user?: string; guildId?: string | null } = {}): Promise<InteractionHandle> {
  const handle = h.emulator.sendChatInput({
    name: 'reload',
    user: options.user ?? h.users.plain,
    ...(options.guildId !== undefined ? { guildId: options.guildId } : {}),
  });
  const first = await handle.reply();
  if (first.callbackType === 5) await handle.waitForEdit();
  return handle;
}

describe('/reload against the emulator', () => {
  it('refuses a plain member privately and leaves the corpus as it was', async () => {
    const h = harness();
    const before = h.library.current;
    await changeParagraph3Of004(h);
    const handle = await reload(h, { user: h.users.plain });

    const [reply] = handle.callbacks;
    expect(reply?.callbackType).toBe(4);
    expectEphemeral(reply!);
    expect(contentOf(reply!)).toBe(CORPUS_CHANGE_REFUSAL);
    expect(handle.edits).toHaveLength(0);
    expect(h.library.current).toBe(before);
    const { reply: answer } = await h.ask('marmalade of exhaustion');
    expect(embedsOf(answer)[0]?.description).toMatch(/^The reports do not cover this\./);
    expect(logLines(h, 'interaction').find((line) => line['command'] === 'reload')).toMatchObject({
      command: 'reload',
      outcome: 'refused',
      user: h.users.plain,
    });
  });

  it('lets a Manage Server member reload: deferred privately, then lists what changed; /ask finds the new text', async () => {
    const h = harness();
    await changeParagraph3Of004(h);
    await h.writeCorpusFile('005-quokkas.md', QUOKKA_REPORT);
    const handle = await reload(h, { user: h.users.manager });

    const [deferral] = handle.callbacks;
    expect(deferral?.callbackType).toBe(5);
    expect(handle.ackLatencyMs).toBeLessThan(DiscordLimits.acknowledgeMs);
    expect((deferral?.data?.flags ?? 0) & 64, 'the deferral is ephemeral').toBe(64);
    const [edit] = handle.edits;
    expect(edit).toBeDefined();
    expectEphemeral(edit!);
    const [embed] = embedsOf(edit!);
    expect(embed?.title).toBe('Corpus reloaded');
    const description = embed?.description ?? '';
    expect(description).toContain('**Sources added** (1): 005');
    expect(description).toContain('**Paragraphs changed** (1): 004:3');
    expect(description).not.toContain('Sources removed');
    expect(embed?.footer?.text).toMatch(/^4 sources, \d+ paragraphs · version [0-9a-f]{12}$/);
    expect(h.library.current.corpus.sources.map((source) => source.id)).toEqual(['000', '003', '004', '005']);

    const changed = await h.ask('marmalade of exhaustion');
    const changedField = embedsOf(changed.reply)[0]?.fields?.[0];
    expect(changedField?.name).toMatch(/004 ¶3/);
    expect(await expectVerbatimQuote(h, changedField!)).toBe('004:3');
    expect(unmarkdown(changedField!.value)).toContain(CHANGED_SENTENCE);

    const added = await h.ask('quokkas crossing the Seym river');
    const addedField = embedsOf(added.reply)[0]?.fields?.[0];
    expect(addedField?.name).toBe('005 ¶1 — Quokka sightings near the Seym river');
    expect(await expectVerbatimQuote(h, addedField!)).toBe('005:1');

    expect(logLines(h, 'corpus reload').at(-1)).toMatchObject({ by: h.users.manager, outcome: 'reloaded' });
  });

  it('lets a member with the moderator role (no Manage Server) reload', async () => {
    const h = harness();
    const before = h.library.current;
    const handle = await reload(h, { user: h.users.moderator });

    expect(handle.callbacks[0]?.callbackType).toBe(5);
    expect(handle.callbacks[0]?.data?.flags).toBe(64);
    const [embed] = embedsOf(handle.edits[0]!);
    expect(embed?.title).toBe('Corpus reloaded');
    expect(embed?.description).toBe('Nothing changed.');
    expect(h.library.current).not.toBe(before);
    expect(h.library.current.corpus.version).toBe(before.corpus.version);
  });

  it('refuses a broken corpus, naming file, line and reason; /ask keeps answering from the old index', async () => {
    const h = harness();
    const before = h.library.current;
    await changeParagraph3Of004(h);
    await h.writeCorpusFile('006-broken.md', ['---', 'id: 006', 'tilte: Misspelt key', '---', '', 'A paragraph.', ''].join('\n'));
    const handle = await reload(h, { user: h.users.manager });

    expect(handle.callbacks[0]?.callbackType).toBe(5);
    const [edit] = handle.edits;
    expectEphemeral(edit!);
    const [embed] = embedsOf(edit!);
    expect(embed?.title).toBe('Reload refused: the corpus has errors');
    const text = unmarkdown(embed?.description ?? '');
    expect(text).toContain('The previous corpus keeps answering.');
    expect(text).toContain('• 006-broken.md:3: unknown front matter key "tilte"');
    expect(h.library.current).toBe(before);

    const old = await h.ask('What did Jake Sullivan say about the nuclear program?');
    expect(embedsOf(old.reply)[0]?.fields?.[0]?.name).toMatch(/004 ¶6/);
    const notYet = await h.ask('marmalade of exhaustion');
    expect(embedsOf(notYet.reply)[0]?.description).toMatch(/^The reports do not cover this\./);
    expect(logLines(h, 'corpus reload').at(-1)).toMatchObject({ outcome: 'invalid' });
  });

  it('refuses /reload in a DM (no guild, so no moderator)', async () => {
    const h = harness();
    const before = h.library.current;
    const handle = await reload(h, { user: h.users.owner, guildId: null });

    const [reply] = handle.callbacks;
    expect(reply?.callbackType).toBe(4);
    expectEphemeral(reply!);
    expect(contentOf(reply!)).toBe(CORPUS_CHANGE_REFUSAL);
    expect(h.library.current).toBe(before);
    expect(handle.payload['guild_id']).toBeUndefined();
  });

  it('two /reloads at once are both acknowledged in time and both answered (one may be told to wait)', async () => {
    const h = harness();
    const first = h.emulator.sendChatInput({ name: 'reload', user: h.users.manager });
    const second = h.emulator.sendChatInput({ name: 'reload', user: h.users.moderator });
    const edits = await Promise.all([first.waitForEdit(), second.waitForEdit()]);
    const outcomes = edits.map((edit) => embedsOf(edit)[0]?.title ?? contentOf(edit));
    expect(outcomes).toContain('Corpus reloaded');
    for (const outcome of outcomes) expect(['Corpus reloaded', 'A reload is already running; try again in a moment.']).toContain(outcome);
    for (const handle of [first, second]) {
      expect(handle.callbacks[0]?.callbackType).toBe(5);
      expect(handle.ackLatencyMs).toBeLessThan(DiscordLimits.acknowledgeMs);
      expectEphemeral(handle.edits[0]!);
    }
  });
});
