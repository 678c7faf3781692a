/**
 * Who owns the corpus, end to end: one corpus serves every server, so it changes only from the
 * operator's admin server (ADMIN_GUILD_IDS). The owner of another server, with every permission
 * there, cannot change what any server is quoted, even by sending /corpus or /reload by hand.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { InteractionEvent, InteractionHandle, RawOption } from '@kursk/discord-emulator';
import { describe, expect, it } from 'vitest';
import { CORPUS_CHANGE_REFUSAL } from '../../../src/discord/permissions.js';
import {
  contentOf,
  embedsOf,
  expectEphemeral,
  expectVerbatimQuote,
  logLines,
  startHarness,
  unmarkdown,
  useHarness,
  waitUntil,
  type Harness,
} from '../../helpers/harness.js';

const harness = useHarness('test');

const QUESTION = 'What did Jake Sullivan say about the nuclear program?';
/** Report 004 rewritten by an attacker, still labelled with the real title and publisher. */
const FORGED_004 = [
  '---',
  'id: 004',
  'title: Russia to Mobilize 50,000 Troops Including North Korean Forces... Kursk Attack Imminent',
  'publisher: The Asia Business Daily',
  '---',
  '',
  'Jake Sullivan said the nuclear program was a hoax invented by reporters and that nothing was happening in Kursk.',
  '',
].join('\n');
/** A report put in the folder on the host, which a /reload would start quoting. */
const HOST_REPORT = '---\nid: 900\n---\n\nThe quartermaster counted seventeen zeppelins over the harbour.\n';

/** Every file of the corpus folder (history included) and its text. */
async function folder(h: Harness): Promise<Record<string, string>> {
  const entries = await readdir(h.corpusDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  return Object.fromEntries(await Promise.all(files.map(async (file) => [path.relative(h.corpusDir, file), await readFile(file, 'utf8')] as const)));
}

/** The answer the caller ends up seeing: the reply, or the deferral's edit. */
async function finalAnswer(handle: InteractionHandle): Promise<InteractionEvent> {
  const first = await handle.reply();
  return first.callbackType === 5 ? handle.waitForEdit() : first;
}

/**
 * /corpus or /reload as a client sends it. Options are given with their types, since in a server
 * where the commands are not registered the emulator cannot look them up (an attacker types them).
 */
function corpusCommands(h: Harness, guildId: string | null, user: string) {
  const send = (name: string, subcommand?: string, options: RawOption[] = []) =>
    h.emulator.sendChatInput({ name, guildId, user, ...(subcommand ? { subcommand } : {}), options });
  return {
    add: (attachmentId: string) => send('corpus', 'add', [{ name: 'file', type: 11, value: attachmentId }]),
    remove: (sourceId: string) => send('corpus', 'remove', [{ name: 'source', type: 3, value: sourceId }]),
    addUrl: (url: string) => send('corpus', 'add-url', [{ name: 'url', type: 3, value: url }]),
    list: () => send('corpus', 'list'),
    reload: () => send('reload'),
  };
}

async function expectRefused(handle: InteractionHandle): Promise<void> {
  const reply = await handle.reply();
  expect(reply.callbackType, 'refused at once, not deferred').toBe(4);
  expectEphemeral(reply);
  expect(contentOf(reply)).toBe(CORPUS_CHANGE_REFUSAL);
}

/** The /ask answer's first quote, checked verbatim against the folder, as "<source>:<paragraph>". */
async function firstQuote(h: Harness, guildId: string): Promise<{ id: string; text: string }> {
  const { reply } = await h.ask(QUESTION, { guildId, user: guildId === h.guildId ? h.users.plain : h.users.stranger });
  const field = embedsOf(reply)[0]?.fields?.[0];
  expect(field, 'the answer quotes something').toBeDefined();
  return { id: await expectVerbatimQuote(h, field!), text: unmarkdown(field!.value) };
}

describe('who owns the corpus', () => {
  it('the owner of another server, with every permission there, can neither add (a file or a page), remove, list nor reload; every server is still quoted the original', async () => {
    const h = harness();
    await h.writeCorpusFile('900-host.md', HOST_REPORT);
    const before = h.library.current;
    const filesBefore = await folder(h);
    const original = await firstQuote(h, h.guildId);
    expect(original.id).toBe('004:6');

    const stranger = corpusCommands(h, h.otherGuildId, h.users.stranger);
    const forged = h.emulator.addAttachment('004.md', FORGED_004, { contentType: 'text/markdown; charset=utf-8' });
    const attempts = [stranger.add(forged.id), stranger.addUrl('https://example.com/story'), stranger.remove('003'), stranger.list(), stranger.reload()];
    for (const attempt of attempts) {
      // The member really has every permission there: the refusal is about the server, not the member.
      expect(BigInt((attempt.payload['member'] as { permissions: string }).permissions) & 0x20n).toBe(0x20n);
      await expectRefused(attempt);
    }

    expect(h.emulator.attachmentDownloads, 'nothing downloaded').toEqual([]);
    expect(await folder(h), 'nothing written, moved or removed').toEqual(filesBefore);
    expect(h.library.current, 'the index was not swapped').toBe(before);
    expect(h.library.current.corpus.sources.map((source) => source.id)).toEqual(['000', '003', '004']);
    // Both servers are quoted the original 004, not the forged one.
    for (const guildId of [h.guildId, h.otherGuildId]) {
      const quote = await firstQuote(h, guildId);
      expect(quote).toEqual(original);
      expect(quote.text).not.toContain('hoax');
    }
    await waitUntil(() => logLines(h, 'corpus command from outside the admin servers refused').length === attempts.length, 2000, 'a warning for each attempt');
    for (const line of logLines(h, 'corpus command from outside the admin servers refused')) {
      expect(line).toMatchObject({ level: 'warn', guild: h.otherGuildId, user: h.users.stranger });
    }
    expect(logLines(h, 'corpus change')).toEqual([]);
    expect(logLines(h, 'corpus reload')).toEqual([]);
  });

  it('from the admin server the same commands work, and every server is then quoted the change', async () => {
    const h = harness();
    const manager = corpusCommands(h, h.guildId, h.users.manager);
    const upload = h.emulator.addAttachment('004.md', FORGED_004, { contentType: 'text/markdown; charset=utf-8' });
    expect(embedsOf(await finalAnswer(manager.add(upload.id)))[0]?.title).toBe('Report replaced: 004');
    expect(embedsOf(await finalAnswer(manager.remove('003')))[0]?.title).toMatch(/^Report removed: 003/);
    await h.writeCorpusFile('900-host.md', HOST_REPORT);
    expect(embedsOf(await finalAnswer(manager.reload()))[0]?.title).toBe('Corpus reloaded');

    expect(h.library.current.corpus.sources.map((source) => source.id)).toEqual(['000', '004', '900']);
    const quote = await firstQuote(h, h.otherGuildId);
    expect(quote.id).toBe('004:1');
    expect(quote.text).toContain('hoax');
  });

  it('an operator account (OWNER_USER_IDS) may change it in the admin server without Manage Server, but not from another server or a DM', async () => {
    const h = harness();
    await h.writeCorpusFile('900-host.md', HOST_REPORT);
    const before = h.library.current;
    await expectRefused(corpusCommands(h, h.otherGuildId, h.users.operator).reload());
    await expectRefused(corpusCommands(h, null, h.users.operator).reload());
    expect(h.library.current).toBe(before);

    const inAdminServer = corpusCommands(h, h.guildId, h.users.operator).reload();
    expect(BigInt((inAdminServer.payload['member'] as { permissions: string }).permissions) & 0x20n, 'no Manage Server').toBe(0n);
    expect(embedsOf(await finalAnswer(inAdminServer))[0]?.title).toBe('Corpus reloaded');
    expect(h.library.current.corpus.sources.map((source) => source.id)).toContain('900');
  });
});

describe('with no ADMIN_GUILD_IDS', () => {
  it('changes from Discord are off: not registered anywhere, and refused even to a server owner', async () => {
    const h = await startHarness({ noAdminGuild: true });
    try {
      expect(h.emulator.registeredCommands(h.guildId)).toEqual([]);
      expect(h.emulator.registeredCommands().map((command) => command.name)).not.toContain('reload');
      expect(h.emulator.registeredCommands().map((command) => command.name)).not.toContain('corpus');
      await h.writeCorpusFile('900-host.md', HOST_REPORT);
      const before = h.library.current;
      const owner = corpusCommands(h, h.guildId, h.users.owner);
      const upload = h.emulator.addAttachment('004.md', FORGED_004);
      for (const attempt of [owner.reload(), owner.add(upload.id), owner.remove('003')]) await expectRefused(attempt);
      expect(h.library.current).toBe(before);
      expect(h.emulator.attachmentDownloads).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});
