import { ApplicationCommandType } from 'discord-api-types/v10';
import type { MessageContextMenuCommandInteraction } from 'discord.js';
import { QUOTES_WITH_MORE } from '../../answer/pages.js';
import { buildReply, questionMeaning } from '../../answer/reply.js';
import { answerWithButtons } from '../answer-message.js';
import { defineMessageCommand, EVERYWHERE } from '../command-definitions.js';
import type { CommandContext, HandlerResult } from '../handler.js';
import { respond } from '../responder.js';

/** How much of a message is searched: the claim, not an essay around it. */
const MAX_MESSAGE_LENGTH = 1_000;

/**
 * "Find in reports" in a message's Apps menu: quotes what the reports say about what the message
 * claims, so a server checks a claim against the sources without the bot saying anything itself.
 */
export const data = defineMessageCommand({
  name: 'Find in reports',
  type: ApplicationCommandType.Message,
  contexts: EVERYWHERE,
});

export async function execute(interaction: MessageContextMenuCommandInteraction, context: CommandContext): Promise<HandlerResult> {
  const text = interaction.targetMessage.content.slice(0, MAX_MESSAGE_LENGTH);
  if (text.trim() === '') {
    await respond(interaction, { content: 'That message has no text to look up.' }, { ephemeral: true });
    return { outcome: 'no-text' };
  }
  return context.searches.answer(
    interaction,
    (meaning) => buildReply(context.library.current, text, QUOTES_WITH_MORE, meaning),
    (reply, deferred) => answerWithButtons(interaction, context, reply, { hide: true, deferred }),
    questionMeaning(context.library.current, context.library.encoder, text),
  );
}
