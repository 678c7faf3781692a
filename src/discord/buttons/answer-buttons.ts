import type { ButtonInteraction } from 'discord.js';
import { splitPage } from '../../answer/pages.js';
import { CLOSEST_LABEL, narrowReply, replyWithParagraphs, type Reply } from '../../answer/reply.js';
import type { Corpus } from '../../corpus/model.js';
import { ANSWER_BUTTON_PREFIX, decode, UNKNOWN_BUTTON, withButtons, type AnswerState } from '../answer-components.js';
import type { ButtonHandler, CommandContext, HandlerResult } from '../handler.js';
import { isModerator } from '../permissions.js';
import { heldBackNote } from '../public-answer-limiter.js';
import { respond } from '../responder.js';

/** Post in channel, More results and Delete under an answer (see answer-components.ts for their ids). */
export const answerButtonHandler: ButtonHandler = {
  prefix: ANSWER_BUTTON_PREFIX,
  async handle(interaction: ButtonInteraction, context: CommandContext): Promise<HandlerResult> {
    const state = decode(interaction.customId);
    if (!state) {
      // Not an id this code makes (an older format, or a forged one): say so rather than fail.
      await respond(interaction, { content: UNKNOWN_BUTTON }, { ephemeral: true });
      return { outcome: 'unknown-button' };
    }
    if (state.action === 'del') return deleteAnswer(interaction, context);

    const corpus = context.library.current.corpus;
    // A custom id comes from a client, so it is read as untrusted: each paragraph once, a page at most.
    const ids = [...new Set(state.ids)];
    const { shown: page, more: rest } = splitPage(ids);
    const current = state.version === corpus.version;
    const remembered = current ? context.answers.recall(interaction.message.interactionMetadata?.id) : undefined;
    const reply = current ? ((remembered && narrowReply(remembered, page)) ?? quotesWithout(interaction, corpus, page, remembered)) : undefined;
    if (!reply) {
      await respond(
        interaction,
        { content: 'The reports have changed since this answer was made, so it cannot be shown again. Please ask again.' },
        { ephemeral: true },
      );
      return { outcome: 'stale' };
    }
    if (state.action === 'more') {
      context.answers.remember(interaction.id, (remembered && narrowReply(remembered, ids)) ?? reply);
      await respond(interaction, withButtons(reply, { version: corpus.version, askerId: state.askerId, shown: page, more: rest }, true), { ephemeral: true });
      return { outcome: 'more', results: page.length };
    }
    return postInChannel(interaction, context, reply, { version: corpus.version, askerId: state.askerId, shown: page, more: [] });
  },
};

/**
 * The quotes without the answer's highlighting: the button names paragraphs that answer did not quote
 * (a client may send any custom id), or the bot forgot the answer (a restart). The question and label
 * come from the remembered answer, if any; otherwise nothing is read back from the message but
 * whether it was labelled as closest passages, which stays so, and the question is left out.
 */
function quotesWithout(interaction: ButtonInteraction, corpus: Corpus, ids: readonly string[], remembered: Reply | undefined): Reply | undefined {
  // The question as the message showed it: a reply to a question without words showed none.
  if (remembered)
    return replyWithParagraphs(
      corpus,
      remembered.kind === 'no-question' ? '' : remembered.question,
      ids,
      remembered.kind === 'answer' ? remembered.match : 'answer',
    );
  const match = interaction.message.embeds[0]?.description === CLOSEST_LABEL ? 'closest' : 'answer';
  return replyWithParagraphs(corpus, '', ids, match);
}

async function postInChannel(interaction: ButtonInteraction, context: CommandContext, reply: Reply, state: AnswerState): Promise<HandlerResult> {
  const key = state.shown.join(',');
  const blocked = context.publicAnswers.claim(interaction.user.id, interaction.channelId, key);
  if (blocked) {
    await respond(interaction, { content: heldBackNote(blocked, 'posting') }, { ephemeral: true });
    return { outcome: 'limited' };
  }
  context.answers.remember(interaction.id, reply);
  await respond(interaction, withButtons(reply, state, false, `Asked by <@${state.askerId}>`));
  return { outcome: 'posted', results: state.shown.length };
}

/**
 * The asker is who Discord records as having made the answer (the user of the interaction that
 * created the message), never the id in the custom id: a client can send any custom id.
 */
async function deleteAnswer(interaction: ButtonInteraction, context: CommandContext): Promise<HandlerResult> {
  const askerId = interaction.message.interactionMetadata?.user.id;
  if (interaction.user.id !== askerId && !isModerator(interaction, context.access.moderatorRoleIds)) {
    await respond(interaction, { content: 'Only the person who asked, or a moderator, can delete this answer.' }, { ephemeral: true });
    return { outcome: 'refused' };
  }
  await interaction.deferUpdate();
  await interaction.deleteReply();
  return { outcome: 'deleted' };
}
