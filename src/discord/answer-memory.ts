import type { Reply } from '../answer/reply.js';

/** Answers remembered: enough for a day of a busy server's buttons; beyond it the oldest are forgotten. */
const MAX_ANSWERS = 5_000;

/**
 * The replies behind recent answers, by the id of the interaction that made each message (Discord
 * gives it back with every button press as the message's interaction metadata). "Post in channel"
 * and "More results" then show the asker's question and the same highlighting without reading
 * them back from the message. Lost on restart: the buttons then show the quotes alone.
 */
export class AnswerMemory {
  private readonly replies = new Map<string, Reply>();

  constructor(private readonly max = MAX_ANSWERS) {}

  remember(interactionId: string, reply: Reply): void {
    if (reply.kind !== 'answer') return;
    this.replies.delete(interactionId);
    this.replies.set(interactionId, reply);
    if (this.replies.size > this.max) this.replies.delete(this.replies.keys().next().value!);
  }

  recall(interactionId: string | undefined): Reply | undefined {
    return interactionId === undefined ? undefined : this.replies.get(interactionId);
  }
}
