import { describe, expect, it } from 'vitest';
import { heldBackNote, PublicAnswerLimiter } from '../../src/discord/public-answer-limiter.js';

describe('the flood limits on public answers', () => {
  it('lets a user post again after their cooldown, and says until when', () => {
    let now = 1_000_000;
    const limiter = new PublicAnswerLimiter(10_000, 60_000, () => now);
    expect(limiter.claim('u1', 'c1', 'a')).toBeUndefined();
    expect(limiter.claim('u1', 'c1', 'b')).toEqual({ until: 1_010_000, reason: 'cooldown' });
    expect(limiter.claim('u2', 'c1', 'b')).toBeUndefined();
    now += 10_000;
    expect(limiter.claim('u1', 'c1', 'c')).toBeUndefined();
  });

  it('keeps the same answer out of one channel for the repeat window, whoever asks, but not out of another channel', () => {
    let now = 0;
    const limiter = new PublicAnswerLimiter(10_000, 60_000, () => now);
    expect(limiter.claim('u1', 'c1', 'a')).toBeUndefined();
    now = 30_000;
    expect(limiter.claim('u2', 'c1', 'a')).toEqual({ until: 60_000, reason: 'repeat' });
    expect(limiter.claim('u3', 'c2', 'a')).toBeUndefined();
    now = 60_000;
    expect(limiter.claim('u2', 'c1', 'a')).toBeUndefined();
  });

  it('forgets what has expired, so memory stays bounded', () => {
    let now = 0;
    const limiter = new PublicAnswerLimiter(1_000, 1_000, () => now);
    for (let user = 0; user < 1_000; user++) expect(limiter.claim(`u${user}`, 'c', `a${user}`)).toBeUndefined();
    now = 5_000;
    expect(limiter.claim('last', 'c', 'z')).toBeUndefined();
    expect((limiter as unknown as { lastByUser: Map<string, number> }).lastByUser.size).toBe(1);
  });

  it('says why and until when, as a Discord relative timestamp in whole seconds, rounded up', () => {
    const until = 1_700_000_000_001;
    expect(heldBackNote({ until, reason: 'cooldown' }, 'answering')).toBe('You can post another public answer <t:1700000001:R>; here it is for you alone.');
    expect(heldBackNote({ until, reason: 'repeat' }, 'answering')).toBe(
      'This answer was just posted in this channel; here it is for you alone. It can be posted again <t:1700000001:R>.',
    );
    expect(heldBackNote({ until, reason: 'cooldown' }, 'posting')).toBe('You have just posted an answer; you can post it <t:1700000001:R>.');
    expect(heldBackNote({ until, reason: 'repeat' }, 'posting')).toBe('This answer was just posted in this channel; you can post it <t:1700000001:R>.');
  });
});
