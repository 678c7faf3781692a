import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext, HandlerResult } from '../handler.js';
import { refuseCorpusChange } from '../permissions.js';
import { renderReloadOutcome } from '../render-reload.js';
import { deferResponse, respond } from '../responder.js';

export const data = new SlashCommandBuilder()
  .setName('reload')
  .setDescription("Operator's moderators: re-read the corpus files and answer from them")
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

export async function execute(interaction: ChatInputCommandInteraction, { library, access, logger }: CommandContext): Promise<HandlerResult> {
  if (await refuseCorpusChange(interaction, access, logger)) return { outcome: 'refused' };
  await deferResponse(interaction, { ephemeral: true });
  const outcome = await library.reload();
  logger.info('corpus reload', {
    by: interaction.user.id,
    guild: interaction.guildId,
    outcome: outcome.kind,
    ...(outcome.kind === 'reloaded' ? { version: outcome.index.corpus.version, diff: outcome.diff } : {}),
    ...(outcome.kind === 'invalid' ? { errors: outcome.errors } : {}),
    ...(outcome.spread ? { spread: outcome.spread } : {}),
  });
  await respond(interaction, renderReloadOutcome(outcome), { ephemeral: true });
  return { outcome: outcome.kind };
}
