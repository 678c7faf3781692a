/** How the outcome of a /corpus change (from the command or an import preview's Add) reaches the moderator and the log. */
import type { RepliableInteraction } from 'discord.js';
import type { Refusal, Upload } from '../corpus/report-upload.js';
import type { ChangeOutcome, Library, Spread } from '../library/library.js';
import type { Logger } from '../log.js';
import type { HandlerResult } from './handler.js';
import { renderCorpusChanged, renderCorpusRefusal, renderCorpusUndone } from './render-corpus.js';
import { respond } from './responder.js';

/** Puts a report in the folder through the library (checked, written, swapped in or undone) and answers. */
export async function addReport(
  interaction: RepliableInteraction,
  library: Library,
  logger: Logger,
  upload: Upload,
  who: Record<string, unknown>,
): Promise<HandlerResult> {
  return answerChange(interaction, logger, await library.add(upload), who);
}

export type Refuse = (refusal: Refusal, outcome: string) => Promise<HandlerResult>;

/** Refusals of one corpus change: logged with who asked, answered privately with the reason (and errors). */
export function refuser(interaction: RepliableInteraction, logger: Logger, who: Record<string, unknown>): Refuse {
  return async (refusal, outcome) => {
    logger.info('corpus change refused', { ...who, outcome, reason: refusal.reason, ...(refusal.errors ? { errors: refusal.errors } : {}) });
    await respond(interaction, renderCorpusRefusal(refusal.reason, refusal.errors), { ephemeral: true });
    return { outcome };
  };
}

/** Tells the moderator (and the log) what became of a change. */
export async function answerChange(
  interaction: RepliableInteraction,
  logger: Logger,
  outcome: Spread<ChangeOutcome>,
  who: Record<string, unknown>,
): Promise<HandlerResult> {
  if (outcome.kind === 'refused')
    return refuser(interaction, logger, who)({ ok: false, reason: outcome.reason, ...(outcome.errors ? { errors: outcome.errors } : {}) }, outcome.refusal);
  const { change } = outcome;
  const described = { ...who, action: change.action, file: change.file, ...(change.history ? { history: change.history } : {}) };
  if (outcome.kind === 'applied') {
    const extra = outcome.builtFrontMatter === undefined ? {} : { id: outcome.source.id, builtFrontMatter: outcome.builtFrontMatter };
    logger.info('corpus change', {
      ...described,
      ...extra,
      outcome: 'applied',
      version: outcome.corpus.version,
      diff: outcome.diff,
      ...(outcome.spread ? { spread: outcome.spread } : {}),
    });
    await respond(interaction, renderCorpusChanged(change, outcome.source, outcome.corpus, outcome.spread), { ephemeral: true });
    return { outcome: change.action };
  }
  if (outcome.undoError) logger.error('corpus change could not be undone', { ...described, error: outcome.undoError });
  logger.warn('corpus change undone', { ...described, outcome: 'invalid', errors: outcome.errors });
  await respond(interaction, renderCorpusUndone(outcome.errors, outcome.undoError !== undefined), { ephemeral: true });
  return { outcome: 'undone-invalid' };
}
