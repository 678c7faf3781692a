/** What became of an interaction, as its user saw it: for the load runner and the burst tests. */
import type { InteractionEvent, InteractionHandle } from '@kursk/discord-emulator';
import { DiscordLimits } from '../../src/discord/limits.js';
import { BUSY_MESSAGE } from '../../src/discord/search-queue.js';

export type Outcome = 'answered' | 'busy' | 'lost';

/**
 * As the user saw it (the message Discord stored, not the request): answered: a reply, or a deferral
 * then its edit, showing something; busy: told to try again; lost: neither (or still "thinking").
 */
export function outcomeOf(handle: InteractionHandle): Outcome {
  const [callback] = handle.callbacks;
  if (!callback) return 'lost';
  const shown = callback.callbackType === 5 ? handle.edits.find(isShown) : isShown(callback) ? callback : undefined;
  if (!shown) return 'lost';
  return shown.message?.content === BUSY_MESSAGE ? 'busy' : 'answered';
}

/** A message Discord shows with something in it: content, or embeds it did not hide. */
function isShown(event: InteractionEvent): boolean {
  return (event.message?.content ?? '') !== '' || (event.message?.embeds.length ?? 0) > 0;
}

export function acknowledgedInTime(handle: InteractionHandle): boolean {
  return handle.ackLatencyMs !== null && handle.ackLatencyMs < DiscordLimits.acknowledgeMs;
}

/** Exactly one acknowledgement and, after a deferral, exactly one edit: nothing doubled. */
export function answeredOnce(handle: InteractionHandle): boolean {
  const deferred = handle.callbacks[0]?.callbackType === 5;
  return handle.callbacks.length === 1 && handle.edits.length === (deferred ? 1 : 0) && handle.followUps.length === 0;
}

export function tally(handles: readonly InteractionHandle[]): { inTime: number; answered: number; busy: number; lost: number; answeredOnce: number } {
  const count = (outcome: Outcome) => handles.filter((handle) => outcomeOf(handle) === outcome).length;
  return {
    inTime: handles.filter(acknowledgedInTime).length,
    answered: count('answered'),
    busy: count('busy'),
    lost: count('lost'),
    answeredOnce: handles.filter(answeredOnce).length,
  };
}
