import { PermissionFlagsBits, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import type { Logger } from '../log.js';
import { respond } from './responder.js';

/** Who may change the corpus, from configuration (see README, "Who owns the corpus"). */
export interface CorpusAccess {
  /** ADMIN_GUILD_IDS: the operator's servers, the only places changes are taken from. Empty: nowhere. */
  readonly adminGuildIds: readonly string[];
  /** OWNER_USER_IDS: the operator's accounts, allowed in an admin server without being its moderators. */
  readonly ownerUserIds: readonly string[];
  /** MODERATOR_ROLE_IDS: roles whose members count as moderators besides Manage Server. */
  readonly moderatorRoleIds: readonly string[];
}

/** The one answer to anyone the corpus rule refuses, wherever they are. */
export const CORPUS_CHANGE_REFUSAL = "Only the bot's operator can change the reports it quotes: its owners and moderators, from the operator's own server.";

/**
 * Moderators of the server the interaction comes from: Manage Server, or a role named in
 * MODERATOR_ROLE_IDS. Checked at run time, because server admins can open a command to anyone.
 */
export function isModerator(interaction: Interaction, moderatorRoleIds: readonly string[]): boolean {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = interaction.member.roles;
  const roleIds = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return roleIds.some((id) => moderatorRoleIds.includes(id));
}

/**
 * The corpus is the operator's, shared by every server: it changes only from an admin server (so
 * nothing done in one server changes what another is quoted), by an owner or a moderator there.
 * Never from other servers or DMs, whatever permissions the member has there.
 */
export function mayChangeCorpus(interaction: Interaction, access: CorpusAccess): boolean {
  if (!interaction.inGuild() || !access.adminGuildIds.includes(interaction.guildId)) return false;
  return access.ownerUserIds.includes(interaction.user.id) || isModerator(interaction, access.moderatorRoleIds);
}

/**
 * Answers CORPUS_CHANGE_REFUSAL and returns true when the interaction may not change the corpus.
 * A request from outside the admin servers cannot come from a command registered there: it is
 * forged or a stale registration, so the operator hears of it.
 */
export async function refuseCorpusChange(interaction: ChatInputCommandInteraction | ButtonInteraction, access: CorpusAccess, logger: Logger): Promise<boolean> {
  if (mayChangeCorpus(interaction, access)) return false;
  if (!interaction.inGuild() || !access.adminGuildIds.includes(interaction.guildId)) {
    logger.warn('corpus command from outside the admin servers refused', {
      command: interaction.isButton() ? interaction.customId.split(':', 1)[0] : interaction.commandName,
      user: interaction.user.id,
      guild: interaction.guildId,
    });
  }
  await respond(interaction, { content: CORPUS_CHANGE_REFUSAL }, { ephemeral: true });
  return true;
}
