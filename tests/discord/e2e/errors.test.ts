/** A handler that throws: the user gets an error id, the log the same id, and the bot goes on. */
import { describe, expect, it } from 'vitest';
import { contentOf, embedsOf, expectEphemeral, logLines, useHarness, waitUntil } from './harness.js';

const harness = useHarness();

describe('a failing interaction', () => {
  it('an unregistered command gets a private "Something went wrong (error id …)" matching the error log', async () => {
    const h = harness();
    const handle = h.command({ name: 'nosuch' });
    const reply = await handle.reply();

    expect(reply.callbackType).toBe(4);
    expect(handle.ackLatencyMs).toBeLessThan(3000);
    expectEphemeral(reply);
    const match = /^Something went wrong \(error id ([0-9a-f]{8})\)\. Please try again\.$/.exec(contentOf(reply));
    expect(match, `content was: ${contentOf(reply)}`).not.toBeNull();
    const errorId = match![1];

    await waitUntil(() => logLines(h, 'interaction failed').length > 0, 2000, 'the error log line');
    const failures = logLines(h, 'interaction failed');
    expect(failures).toHaveLength(1);
    const [line] = failures;
    expect(line).toMatchObject({ level: 'error', errorId, command: 'nosuch', user: h.users.plain, guild: h.guildId, kind: 'command' });
    expect((line!['error'] as { message: string }).message).toBe('no handler for /nosuch');
    expect(logLines(h, 'could not tell the user about a failure')).toHaveLength(0);
    // The token never reaches the log.
    expect(JSON.stringify(h.log)).not.toContain(h.emulator.token);

    const next = await h.ask('What did Jake Sullivan say about the nuclear program?');
    expect(next.reply.callbackType).toBe(4);
    expect(embedsOf(next.reply)[0]?.fields?.[0]?.name).toMatch(/004 ¶6/);
  });

  it('two failures get two different error ids', async () => {
    const h = harness();
    const first = await h.command({ name: 'nosuch' }).reply();
    const second = await h.command({ name: 'nosuch', guildId: null }).reply();
    const id = (content: string | null | undefined) => /error id ([0-9a-f]{8})/.exec(content ?? '')?.[1];
    expect(id(contentOf(first))).toBeDefined();
    expect(id(contentOf(first))).not.toBe(id(contentOf(second)));
    expectEphemeral(second);
  });

  it('an autocomplete for a command without autocomplete is answered with no choices', async () => {
    const h = harness();
    const handle = h.emulator.sendAutocomplete({ name: 'ask', options: { question: 'kur' }, focused: 'question', user: h.users.plain });
    const reply = await handle.reply();
    expect(reply.callbackType).toBe(8);
    expect(reply.data?.choices).toEqual([]);
  });
});
