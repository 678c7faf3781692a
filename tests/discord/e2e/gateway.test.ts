/** The gateway connection breaks mid-session: the bot comes back and keeps answering. */
import { describe, expect, it } from 'vitest';
import { embedsOf, logLines, useHarness, waitUntil } from '../../helpers/harness.js';

const harness = useHarness();

async function expectAnswered(h: ReturnType<typeof harness>): Promise<void> {
  const { handle, reply } = await h.ask('What did Jake Sullivan say about the nuclear program?');
  expect(reply.callbackType).toBe(4);
  expect(handle.ackLatencyMs).toBeLessThan(3000);
  expect(embedsOf(reply)[0]?.fields?.[0]?.name).toMatch(/004 ¶6/);
}

describe('gateway faults', () => {
  it('a dropped connection is resumed; a question asked meanwhile and one after are answered', async () => {
    const h = harness();
    await expectAnswered(h);
    const sessionId = h.emulator.liveSessions[0]?.sessionId;
    const resumed = h.emulator.waitForResume();

    expect(h.emulator.dropConnection()).toBe(1);
    // Dispatched while the bot is disconnected: the emulator queues it and replays it on RESUME.
    const meanwhile = h.emulator.sendChatInput({ name: 'ask', user: h.users.plain, options: { question: 'how many north korean troops are in kursk' } });
    const session = await resumed;
    expect(session.sessionId).toBe(sessionId);
    expect(h.emulator.connections.at(-1)?.path).toBe('/resume');
    expect(h.emulator.identifyCount).toBe(1);

    const replayed = await meanwhile.reply();
    expect(replayed.callbackType).toBe(4);
    expect(embedsOf(replayed)[0]?.fields?.length).toBeGreaterThan(0);
    await expectAnswered(h);
    await waitUntil(() => logLines(h, 'gateway resumed').length > 0, 2000, 'a "gateway resumed" log line');

    // A close frame with a resumable code (4000) also ends in a resume.
    const again = h.emulator.waitForResume();
    expect(h.emulator.dropConnection(4000)).toBe(1);
    await again;
    await expectAnswered(h);
    expect(h.emulator.identifyCount).toBe(1);
  });

  it('op 9 INVALID_SESSION (not resumable) makes the bot identify afresh and it still answers', async () => {
    const h = harness();
    const before = h.emulator.liveSessions[0]?.sessionId;
    const identifiesBefore = h.emulator.identifyCount;
    const identified = h.emulator.waitForIdentify(12_000);

    expect(h.emulator.invalidateSession(false)).toBe(1);
    // discord.js waits out its identify throttle (up to 5 s after the last IDENTIFY) before this.
    const session = await identified;
    expect(session.sessionId).not.toBe(before);
    expect(h.emulator.identifyCount).toBe(identifiesBefore + 1);
    await h.emulator.waitForReady();
    await expectAnswered(h);
  }, 20_000);
});
