import type { ChatInputCommandInteraction, MessageContextMenuCommandInteraction } from 'discord.js';
import { splitPage } from '../answer/pages.js';
import type { Reply } from '../answer/reply.js';
import { withButtons } from './answer-components.js';
import type { CommandContext, HandlerResult } from './handler.js';
import { heldBackNote } from './public-answer-limiter.js';
import { respond } from './responder.js';
import { BUSY_PRIVATE_NOTE } from './search-queue.js';

/**
 * Sends an answer (from /ask or "Find in reports"): public unless hidden or limited, the first five
 * quotes with buttons for the rest. A public answer the limiter holds back is shown privately
 * instead, with when it could be posted: never silence.
 */
export async function answerWithButtons(
  interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
  context: CommandContext,
  reply: Reply,
  options: { hide: boolean; mention?: string | undefined; deferred?: boolean },
): Promise<HandlerResult> {
  const ids = reply.kind === 'answer' ? reply.quotes.map((quote) => quote.paragraph.id) : [];
  const shown = reply.kind === 'answer' ? { ...reply, quotes: splitPage(reply.quotes).shown } : reply;
  const state = { version: context.library.current.corpus.version, askerId: interaction.user.id, ...splitPage(ids) };
  const notes: string[] = [];
  // A deferral under load was private (see SearchQueue), so the answer is.
  let ephemeral = options.hide || options.deferred === true || reply.kind === 'no-question';
  if (options.deferred && !options.hide) notes.push(BUSY_PRIVATE_NOTE);

  if (!ephemeral) {
    const key = ids.join(',') || `${reply.kind}:${reply.question.trim().toLowerCase()}`;
    const blocked = context.publicAnswers.claim(interaction.user.id, interaction.channelId, key);
    if (blocked) {
      ephemeral = true;
      notes.push(heldBackNote(blocked, 'answering'));
    }
  }
  const mention = !ephemeral && options.mention ? options.mention : undefined;
  if (options.mention && !mention) notes.push('Nobody was mentioned: only you see this answer.');
  if (mention) notes.unshift(`<@${mention}>`);

  // Remembered first: a button on the message may be pressed before Discord's acknowledgement of it arrives.
  context.answers.remember(interaction.id, reply);
  await respond(interaction, withButtons(shown, state, ephemeral, notes.join('\n') || undefined), { ephemeral, mentionUsers: mention ? [mention] : [] });
  return { results: shown.kind === 'answer' ? shown.quotes.length : 0, outcome: reply.kind };
}
