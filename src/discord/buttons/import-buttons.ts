import type { ButtonInteraction } from 'discord.js';
import { addReport } from '../corpus-change-answer.js';
import type { ButtonHandler, CommandContext, HandlerResult } from '../handler.js';
import { refuseCorpusChange } from '../permissions.js';
import { IMPORT_BUTTON_PREFIX } from '../render-import.js';
import { respond } from '../responder.js';

/** Add and Cancel under an import preview. */
export const importButtonHandler: ButtonHandler = {
  prefix: IMPORT_BUTTON_PREFIX,
  async handle(interaction: ButtonInteraction, { library, logger, access, pendingImports }: CommandContext): Promise<HandlerResult> {
    const [, action, key = ''] = interaction.customId.split(':');
    if (await refuseCorpusChange(interaction, access, logger)) return { outcome: 'refused' };
    const claimed = pendingImports.claim(key, interaction.user.id, true);
    if (!claimed.ok) {
      const content =
        claimed.reason === 'not-yours'
          ? 'Only the moderator who asked for this preview can add or cancel it.'
          : 'This preview has expired or was already used (or the bot restarted); run the command again.';
      await respond(interaction, { content }, { ephemeral: true });
      return { outcome: `import-${claimed.reason}` };
    }
    const { entry } = claimed;
    if (action !== 'add') {
      await interaction.update({ content: 'Cancelled: nothing was written.', embeds: [], components: [] });
      return { outcome: 'import-cancelled' };
    }
    await interaction.update({ content: `Adding ${entry.id}…`, embeds: [], components: [] });
    const who = { by: interaction.user.id, guild: interaction.guildId, action: 'add', upload: `${entry.id}.md (imported page)` };
    // Checked again as it is written: the corpus may have changed since the preview.
    return addReport(interaction, library, logger, { name: `${entry.id}.md`, bytes: new TextEncoder().encode(entry.text) }, { ...who, imported: true });
  },
};
