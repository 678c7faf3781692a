import { DiscordAPIError, RESTJSONErrorCodes, type AutocompleteInteraction, type RepliableInteraction } from 'discord.js';
import { withinTime } from '../within-time.js';
import { DiscordLimits } from './limits.js';
import { deferResponse, respond } from './responder.js';

/** After a deferral Discord keeps the interaction's token this long for the answer. */
const DEFERRED_TOKEN_MS = 15 * 60_000;
/** A question still unacknowledged at this age when its search starts is deferred first. */
const DEFER_BY_AGE_MS = 1_000;
/** The longest a search waits for acknowledgements in flight (so a steady stream of them cannot starve searches). */
const ACKNOWLEDGEMENT_WAIT_MS = 1_000;

export const BUSY_MESSAGE = 'The bot is busy right now; please try again in a few seconds.';
/** Why a deferred answer is private: a public deferral could not be taken back if the flood limits then refused it. */
export const BUSY_PRIVATE_NOTE = 'The bot was busy, so this answer is shown to you alone; **Post in channel** shares it.';

export interface SearchQueueLimits {
  /** Searches waiting at which a question is deferred at once rather than answered when its turn comes. */
  readonly deferAt: number;
  /** Answers owed at which a new question is answered "busy" instead. */
  readonly shedAt: number;
}

/**
 * 250 owed answers are a few seconds of searches and edits on this machine (more than Discord's own 50
 * requests a second, which does not bind interaction routes: see limits.ts); past that a burst is told
 * to come back rather than kept waiting.
 */
export const DEFAULT_LIMITS: SearchQueueLimits = { deferAt: 4, shedAt: 250 };

/**
 * The expensive part of an answer (search) runs here, one at a time, and only once the acknowledgements
 * this queue sent (deferrals, "busy") have gone through: a request takes several turns of the event loop,
 * and a search between each turn would make it late. Searches are synchronous CPU work: running several
 * at once would only make each of them later.
 */
export class SearchQueue {
  private readonly waiting: (() => void)[] = [];
  private running = false;
  /** Questions admitted whose answer is not sent yet. */
  private owed = 0;
  private readonly acknowledging = new Set<Promise<unknown>>();

  constructor(private readonly limits: SearchQueueLimits = DEFAULT_LIMITS) {}

  /** Searches waiting or running. */
  get depth(): number {
    return this.waiting.length + (this.running ? 1 : 0);
  }

  /**
   * Answers a question: "busy" at once when too many answers are owed; deferred at once (privately,
   * since visibility is fixed by the deferral) when the queue is deep; then `search` in its turn,
   * skipped if the interaction expired meanwhile, and `send` with its result (`deferred`: the answer
   * will be private whatever `send` asks). `prepared`: work done off the event loop that the search
   * needs (the question's meaning, on the encoder's thread); awaited before the turn, and deferred
   * for if it is not ready in time. It must not reject.
   */
  async answer<T, R, P = undefined>(
    interaction: RepliableInteraction,
    search: (prepared: P | undefined) => T,
    send: (result: T, deferred: boolean) => Promise<R>,
    prepared?: Promise<P>,
  ): Promise<R | { outcome: 'busy' | 'expired' }> {
    if (this.owed >= this.limits.shedAt) {
      const told = await this.acknowledge(acknowledged(respond(interaction, { content: BUSY_MESSAGE }, { ephemeral: true })));
      return { outcome: told ? 'busy' : 'expired' } as const;
    }
    this.owed += 1;
    try {
      let deferring = this.depth >= this.limits.deferAt ? this.acknowledge(deferPrivately(interaction)) : undefined;
      let ready: P | undefined;
      if (prepared) {
        if (
          !deferring &&
          (await withinTime(
            prepared.then(() => true as const),
            DEFER_BY_AGE_MS - age(interaction),
          )) === undefined
        )
          deferring = this.acknowledge(deferPrivately(interaction));
        ready = await prepared;
      }
      let result: T;
      await this.turn();
      try {
        if (!deferring && expired(interaction)) return { outcome: 'expired' } as const;
        // The event loop was held up: acknowledge now; the deferral goes out while the search runs.
        if (!deferring && age(interaction) > DEFER_BY_AGE_MS) deferring = deferPrivately(interaction);
        result = search(ready);
      } finally {
        this.release();
      }
      if (deferring && !(await deferring)) return { outcome: 'expired' } as const;
      return await send(result, deferring !== undefined);
    } finally {
      this.owed -= 1;
    }
  }

  /**
   * Suggestions while typing cannot be deferred: when the queue is deep there are none (the question
   * can still be sent), and a search whose 3 s passed in the queue is not done at all.
   */
  async suggest<T>(interaction: AutocompleteInteraction, search: () => T): Promise<T | undefined> {
    if (this.depth >= this.limits.deferAt) return undefined;
    await this.turn();
    try {
      return expired(interaction) ? undefined : search();
    } finally {
      this.release();
    }
  }

  /** Resolves when this caller may run its search, after a turn of the event loop. */
  private turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.running) this.next();
    });
  }

  private release(): void {
    this.running = false;
    this.next();
  }

  private next(): void {
    const resolve = this.waiting.shift();
    if (!resolve) return;
    this.running = true;
    // Then setImmediate, not a microtask: pending I/O (new interactions, their acknowledgements) goes first.
    void this.acknowledgementsSent().then(() => setImmediate(resolve));
  }

  /** Tracks an acknowledgement in flight. */
  private acknowledge<T>(sending: Promise<T>): Promise<T> {
    this.acknowledging.add(sending);
    const forget = () => this.acknowledging.delete(sending);
    sending.then(forget, forget);
    return sending;
  }

  private async acknowledgementsSent(): Promise<void> {
    if (this.acknowledging.size === 0) return;
    await withinTime(Promise.allSettled(this.acknowledging), ACKNOWLEDGEMENT_WAIT_MS);
  }
}

/** Starts a private deferral; awaited later, so a failure is marked handled now (it is thrown when awaited). */
function deferPrivately(interaction: RepliableInteraction): Promise<boolean> {
  const deferring = acknowledged(deferResponse(interaction, { ephemeral: true }));
  deferring.catch(() => undefined);
  return deferring;
}

/** Whether the acknowledgement went through: false when Discord says the interaction has expired. */
async function acknowledged(sending: Promise<void>): Promise<boolean> {
  try {
    await sending;
    return true;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownInteraction) return false;
    throw error;
  }
}

/** Milliseconds since Discord created the interaction (from its id: assumes the host's clock is synchronised). */
function age(interaction: { readonly createdTimestamp: number }): number {
  return Date.now() - interaction.createdTimestamp;
}

/** Past the time Discord allows for an answer: 3 s unacknowledged, 15 minutes after a deferral. */
export function expired(interaction: RepliableInteraction | AutocompleteInteraction): boolean {
  const deferred = !interaction.isAutocomplete() && (interaction.deferred || interaction.replied);
  return age(interaction) >= (deferred ? DEFERRED_TOKEN_MS : DiscordLimits.acknowledgeMs);
}
