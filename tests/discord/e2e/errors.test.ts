/**
 * Failing interactions. Bad client input (a command or form the bot does not have, options of the
 * wrong type) gets a plain private answer and a warning; a real failure gets "Something went wrong"
 * with an error id matching an error log line; either way the bot goes on.
 */
import type { InteractionHandle } from '@kursk/discord-emulator';
import { describe, expect, it } from 'vitest';
import { contentOf, embedsOf, expectEphemeral, logLines, useHarness, waitUntil, type Harness } from '../../helpers/harness.js';

const harness = useHarness();
const WRONG_OPTIONS = "This command's options did not arrive as the bot expects (Discord may still show an older version of it). Please try again in a minute.";

/** The private answer, and the warning logged for it (never an error). */
async function expectPlainRefusal(h: Harness, handle: InteractionHandle, answer: string, reason: RegExp): Promise<void> {
  const reply = await handle.reply();
  expect(reply.callbackType).toBe(4);
  expectEphemeral(reply);
  expect(contentOf(reply)).toBe(answer);
  await waitUntil(() => logLines(h, 'interaction not usable').some((line) => reason.test(String(line['reason']))), 2000, 'the warning');
  const line = logLines(h, 'interaction not usable').find((candidate) => reason.test(String(candidate['reason'])));
  expect(line).toMatchObject({ level: 'warn' });
}

describe('a failing interaction', () => {
  it('an unknown command, a form, an unknown button and options of the wrong type get a clear private answer and a warning, not an error', async () => {
    const h = harness();
    await expectPlainRefusal(
      h,
      h.command({ name: 'nosuch' }),
      'This bot has no command “/nosuch” any more (Discord may still show an older list). Type / to see its commands.',
      /^no handler for \/nosuch$/,
    );
    await expectPlainRefusal(
      h,
      h.emulator.sendModalSubmit({ customId: 'feedback', fields: { text: 'hello' }, user: h.users.plain }),
      'This bot shows no forms, so it cannot take this one. Please use its commands (type /).',
      /^a form this bot never shows \(feedback\)$/,
    );
    await expectPlainRefusal(
      h,
      h.emulator.sendComponent({ customId: 'poll:yes', user: h.users.plain }),
      'This button does not work any more. Please ask again.',
      /^no handler for button poll$/,
    );
    // /ask's question sent as a number, /source's paragraph as text, /corpus without its subcommand.
    await expectPlainRefusal(
      h,
      h.command({ name: 'ask', options: [{ name: 'question', type: 4, value: 5 }] }),
      WRONG_OPTIONS,
      /Option "question" is of type: 4; expected 3/,
    );
    await expectPlainRefusal(
      h,
      h.command({
        name: 'source',
        options: [
          { name: 'source', type: 3, value: '004' },
          { name: 'paragraph', type: 3, value: 'two' },
        ],
      }),
      WRONG_OPTIONS,
      /Option "paragraph" is of type: 3; expected 4/,
    );
    await expectPlainRefusal(h, h.command({ name: 'corpus', user: h.users.manager }), WRONG_OPTIONS, /subcommand/i);

    await waitUntil(() => logLines(h, 'interaction not usable').length === 6, 2000, 'six warnings');
    expect(h.log.filter((line) => line.level === 'error')).toEqual([]);
    const next = await h.ask('What did Jake Sullivan say about the nuclear program?');
    expect(embedsOf(next.reply)[0]?.fields?.[0]?.name).toMatch(/004 ¶6/);
  });

  it('a real failure (Discord refusing the answer) gets "Something went wrong (error id …)" matching the error log', async () => {
    const h = harness();
    // Every attempt discord.js makes at the deferred answer fails; the retry after the failure succeeds.
    h.emulator.failNext({ method: 'PATCH', path: /\/messages\/@original$/, status: 500, times: 4 });
    const handle = h.command({ name: 'reload', user: h.users.manager });
    const edit = await handle.waitForEdit((event) => event.status === 200, 10_000);
    expectEphemeral(edit);
    const match = /^Something went wrong \(error id ([0-9a-f]{8})\)\. Please try again\.$/.exec(contentOf(edit));
    expect(match, `content was: ${contentOf(edit)}`).not.toBeNull();

    await waitUntil(() => logLines(h, 'interaction failed').length > 0, 2000, 'the error log line');
    const failures = logLines(h, 'interaction failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ level: 'error', errorId: match![1], command: 'reload', user: h.users.manager, guild: h.guildId, kind: 'command' });
    expect(logLines(h, 'could not tell the user about a failure')).toHaveLength(0);
    // The token never reaches the log.
    expect(JSON.stringify(h.log)).not.toContain(h.emulator.token);
    // The injected 500s are this test's doing: the after-test check starts after them.
    const patches = h.emulator.requests.filter((request) => request.method === 'PATCH' && request.path.endsWith('/messages/@original'));
    expect(patches.map((request) => request.status)).toEqual([500, 500, 500, 500, 200]);
    h.checkedRequests = h.emulator.requests.length;
  });

  it('an autocomplete for a command without autocomplete is answered with no choices', async () => {
    const h = harness();
    const handle = h.emulator.sendAutocomplete({ name: 'ask', options: { question: 'kur' }, focused: 'question', user: h.users.plain });
    const reply = await handle.reply();
    expect(reply.callbackType).toBe(8);
    expect(reply.data?.choices).toEqual([]);
  });
});
