/**
 * Keeps a channel from being flooded: one public answer per user every `userCooldownMs`, and the same
 * answer not twice in one channel within `repeatWindowMs`. In memory: a restart forgets, which errs
 * toward answering.
 */
/** Why a public answer is held back, and until when. */
export interface HeldBack {
  readonly until: number;
  readonly reason: 'cooldown' | 'repeat';
}

export class PublicAnswerLimiter {
  private readonly lastByUser = new Map<string, number>();
  private readonly lastByAnswer = new Map<string, number>();

  constructor(
    private readonly userCooldownMs = 10_000,
    private readonly repeatWindowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes the user's turn to post this answer in this channel: undefined when they may (and it is
   * counted from now), or when they may next and why not.
   */
  claim(userId: string, channelId: string, answerKey: string): HeldBack | undefined {
    const time = this.now();
    const answer = `${channelId}|${answerKey}`;
    const repeatUntil = (this.lastByAnswer.get(answer) ?? -Infinity) + this.repeatWindowMs;
    if (repeatUntil > time) return { until: repeatUntil, reason: 'repeat' };
    const userUntil = (this.lastByUser.get(userId) ?? -Infinity) + this.userCooldownMs;
    if (userUntil > time) return { until: userUntil, reason: 'cooldown' };
    this.forgetOlderThan(this.lastByUser, time - this.userCooldownMs);
    this.forgetOlderThan(this.lastByAnswer, time - this.repeatWindowMs);
    this.lastByUser.delete(userId);
    this.lastByUser.set(userId, time);
    this.lastByAnswer.delete(answer);
    this.lastByAnswer.set(answer, time);
    return undefined;
  }

  /** Entries are kept in the order they were last set, so expired ones are all at the front. */
  private forgetOlderThan(entries: Map<string, number>, limit: number): void {
    for (const [key, at] of entries) {
      if (at > limit) return;
      entries.delete(key);
    }
  }
}

/**
 * What the person is told when a limit holds their public answer back: with an answer they asked
 * for ("answering"), which they then get privately, or after pressing Post in channel ("posting").
 */
export function heldBackNote(held: HeldBack, when: 'answering' | 'posting'): string {
  const at = relativeTime(held.until);
  if (when === 'posting')
    return `${held.reason === 'repeat' ? 'This answer was just posted in this channel' : 'You have just posted an answer'}; you can post it ${at}.`;
  return held.reason === 'repeat'
    ? `This answer was just posted in this channel; here it is for you alone. It can be posted again ${at}.`
    : `You can post another public answer ${at}; here it is for you alone.`;
}

/** Discord's relative timestamp ("in 42 seconds"), shown in each reader's own locale. */
function relativeTime(epochMs: number): string {
  return `<t:${Math.ceil(epochMs / 1000)}:R>`;
}
