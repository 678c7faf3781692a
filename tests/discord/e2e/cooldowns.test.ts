import { describe, expect, it } from 'vitest';
import { PublicAnswerLimiter } from '../../../src/discord/public-answer-limiter.js';
import { contentOf, embedsOf, useHarness } from '../../helpers/harness.js';

const harness = useHarness('test', { publicAnswers: new PublicAnswerLimiter(30_000, 60_000) });
const EPHEMERAL = 1 << 6;

describe('not flooding a channel', () => {
  it('answers a second public question from the same user privately, saying when they can post again', async () => {
    const h = harness();
    const first = (await h.ask('pornography')).reply;
    expect((first.message?.flags ?? 0) & EPHEMERAL).toBe(0);
    const started = Date.now();
    const second = (await h.ask('what did jake sullivan say about nukes')).reply;
    expect((second.message?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const at = /^You can post another public answer <t:(\d+):R>; here it is for you alone\.$/.exec(contentOf(second));
    expect(at).not.toBeNull();
    expect(Number(at![1]) * 1000).toBeGreaterThanOrEqual(started + 29_000);
    expect(embedsOf(second)[0]!.fields!.length).toBeGreaterThan(0);
  });

  it('does not post the same answer in a channel twice within a minute, even for someone else', async () => {
    const h = harness();
    expect(((await h.ask('pornography')).reply.message?.flags ?? 0) & EPHEMERAL).toBe(0);
    const again = await h.command({ name: 'ask', user: h.users.other, options: { question: 'internet pornography' } }).reply();
    expect((again.message?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(contentOf(again)).toMatch(/^This answer was just posted in this channel; here it is for you alone\. It can be posted again <t:\d+:R>\.$/);
  });
});
