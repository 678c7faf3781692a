import { InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { buildReply } from '../../answer/reply.js';
import { renderReply } from '../render-reply.js';
import { respond } from '../responder.js';
import type { CommandContext, HandlerResult } from './command.js';

export const QUESTION_MAX_LENGTH = 300;

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Answer a question by quoting the news reports word for word')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel)
  .addStringOption((option) =>
    option.setName('question').setDescription('What do you want to know?').setRequired(true).setMaxLength(QUESTION_MAX_LENGTH),
  );

export async function execute(interaction: ChatInputCommandInteraction, { live }: CommandContext): Promise<HandlerResult> {
  // Discord enforces max_length, but a client may send anything: never search more than that.
  const question = interaction.options.getString('question', true).slice(0, QUESTION_MAX_LENGTH);
  const reply = buildReply(live.current, question);
  await respond(interaction, renderReply(reply), { ephemeral: reply.kind === 'no-question' });
  return { results: reply.kind === 'answer' ? reply.quotes.length : 0, outcome: reply.kind };
}
