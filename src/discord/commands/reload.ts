import { InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { ChatInputCommandInteraction } from 'discord.js';
import { defineSlashCommand } from '../command-definitions.js';
import type { CommandContext, HandlerResult } from '../handler.js';
import { refuseCorpusChange } from '../permissions.js';
import { renderReloadOutcome } from '../render-reload.js';
import { deferResponse, respond } from '../responder.js';

export const data = defineSlashCommand({
  name: 'reload',
  description: "Operator's moderators: re-read the corpus files and answer from them",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
});

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
