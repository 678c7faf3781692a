import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { previewWords } from '../../answer/excerpt.js';
import { QUOTES_WITH_MORE } from '../../answer/pages.js';
import { buildReply, questionMeaning, replyWithParagraphs, type Reply } from '../../answer/reply.js';
import { citation } from '../../answer/source-label.js';
import { answerWithButtons } from '../answer-message.js';
import { defineSlashCommand, EVERYWHERE, optionsOf } from '../command-definitions.js';
import type { CommandContext, HandlerResult } from '../handler.js';
import { DiscordLimits } from '../limits.js';
import { expired } from '../search-queue.js';

export const QUESTION_MAX_LENGTH = 300;
/** A picked suggestion's value: the paragraph's id after this mark ("¶004:3"). */
const PICKED = '¶';
const MIN_TYPED_FOR_SUGGESTIONS = 3;

export const data = defineSlashCommand({
  name: 'ask',
  description: 'Answer a question by quoting the news reports word for word',
  contexts: EVERYWHERE,
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      description: 'What do you want to know?',
      required: true,
      max_length: QUESTION_MAX_LENGTH,
      autocomplete: true,
    },
    { type: ApplicationCommandOptionType.Boolean, name: 'hide', description: 'Show the answer only to me (default: everyone sees it)' },
    { type: ApplicationCommandOptionType.User, name: 'mention', description: 'Someone to point the answer at (only they are notified)' },
  ],
});

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<HandlerResult> {
  // Discord enforces max_length, but a client may send anything: never search more than that.
  const options = optionsOf(interaction, data);
  const question = options.requiredString('question').slice(0, QUESTION_MAX_LENGTH);
  const picked = pickedParagraph(question, context);
  return context.searches.answer(
    interaction,
    (meaning) => picked ?? buildReply(context.library.current, question, QUOTES_WITH_MORE, meaning),
    (reply, deferred) =>
      answerWithButtons(interaction, context, reply, {
        hide: options.boolean('hide') ?? false,
        mention: options.user('mention')?.id,
        deferred,
      }),
    picked ? undefined : questionMeaning(context.library.current, context.library.encoder, question),
  );
}

/** A suggestion picked from autocomplete answers with that one paragraph. */
function pickedParagraph(question: string, { library }: CommandContext): Reply | undefined {
  const picked = new RegExp(`^${PICKED}([A-Za-z0-9_-]{1,32}:\\d{1,6})$`).exec(question.trim());
  return picked ? replyWithParagraphs(library.current.corpus, '', [picked[1]!]) : undefined;
}

/** While the question is typed: the passages that best answer it so far, each a short verbatim preview. */
export async function autocomplete(interaction: AutocompleteInteraction, { library, searches }: CommandContext): Promise<HandlerResult> {
  const typed = interaction.options.getFocused().slice(0, QUESTION_MAX_LENGTH);
  const found =
    typed.trim().length < MIN_TYPED_FOR_SUGGESTIONS
      ? []
      : await searches.suggest(interaction, () => library.current.find(typed, { limit: DiscordLimits.autocompleteChoices }));
  // Its 3 s passed while it waited: Discord no longer takes an answer.
  if (found === undefined && expired(interaction)) return { outcome: 'expired' };
  const hits = found ?? [];
  const choices = hits.map(({ paragraph }) => {
    const source = library.current.corpus.sources.find((candidate) => candidate.id === paragraph.sourceId)!;
    const label = `${citation(source, paragraph)} · `;
    const preview = previewWords(paragraph, DiscordLimits.autocompleteChoiceName - label.length - 1);
    return { name: `${label}${preview.text}${preview.complete ? '' : '…'}`, value: `${PICKED}${paragraph.id}` };
  });
  await interaction.respond(choices);
  return { results: choices.length };
}
