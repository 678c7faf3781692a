import { PermissionFlagsBits, type Interaction } from 'discord.js';

/**
 * Moderators may change the corpus: Manage Server, or a role named in MODERATOR_ROLE_IDS. Checked at
 * run time too, because server admins can open a command's permissions to anyone.
 */
export function isModerator(interaction: Interaction, moderatorRoleIds: readonly string[]): boolean {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = interaction.member.roles;
  const roleIds = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return roleIds.some((id) => moderatorRoleIds.includes(id));
}
