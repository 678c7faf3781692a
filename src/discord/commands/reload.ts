import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { refuseCorpusChange } from '../permissions.js';
import { renderReloadOutcome } from '../render-reload.js';
import { deferResponse, respond } from '../responder.js';
import type { CommandContext, HandlerResult } from './command.js';

export const data = new SlashCommandBuilder()
  .setName('reload')
  .setDescription("Operator's moderators: re-read the corpus files and answer from them")
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

export async function execute(interaction: ChatInputCommandInteraction, { live, changes, access, logger }: CommandContext): Promise<HandlerResult> {
  if (await refuseCorpusChange(interaction, access, logger)) return { outcome: 'refused' };
  await deferResponse(interaction, { ephemeral: true });
  const { result: outcome, spread } = await changes.serialise(
    () => live.reload(),
    (reloaded) => (reloaded.kind === 'reloaded' ? reloaded.index.corpus.version : null),
  );
  logger.info('corpus reload', {
    by: interaction.user.id,
    guild: interaction.guildId,
    outcome: outcome.kind,
    ...(outcome.kind === 'reloaded' ? { version: outcome.index.corpus.version, diff: outcome.diff } : {}),
    ...(outcome.kind === 'invalid' ? { errors: outcome.errors } : {}),
    ...(spread ? { spread } : {}),
  });
  await respond(interaction, renderReloadOutcome(outcome, spread), { ephemeral: true });
  return { outcome: outcome.kind };
}
