import {
  MessageFlags,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageMentionOptions,
  type RepliableInteraction,
} from 'discord.js';
import type { MessagePayload } from './render-reply.js';

export interface ResponseOptions {
  /** Only the person who asked sees it. Fixed at the first response (a deferral included). */
  readonly ephemeral?: boolean;
  /** Users who may be pinged; nobody else ever is. */
  readonly mentionUsers?: readonly string[];
}

/**
 * Every reply goes through here: it picks reply, editReply or followUp from the interaction's state,
 * pings nobody (report text may hold "@everyone"), and keeps links in content from unfurling: text
 * alone is flagged SuppressEmbeds; content sent with embeds is only our own sentences and mentions.
 */
export async function respond(interaction: RepliableInteraction, payload: MessagePayload, options: ResponseOptions = {}): Promise<void> {
  const allowedMentions: MessageMentionOptions = { parse: [], users: [...(options.mentionUsers ?? [])], repliedUser: false };
  const embeds = [...(payload.embeds ?? [])];
  const message = { content: payload.content ?? '', embeds, components: [...(payload.components ?? [])], allowedMentions };
  // SuppressEmbeds hides every embed, ours included (Discord then shows an empty message), so it is
  // only set on text alone; it is sent on edits too, where Discord keeps the flags it was not given.
  const suppress = embeds.length > 0 ? 0 : MessageFlags.SuppressEmbeds;
  if (interaction.deferred && !interaction.replied) {
    // A deferral can only carry Ephemeral: it stays as the deferral set it.
    // 0 must be sent to clear the flag a text-only message had; discord.js's type lists the flags, not 0.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
    await interaction.editReply({ ...message, flags: suppress as InteractionEditReplyOptions['flags'] });
    return;
  }
  const flags = (options.ephemeral ? MessageFlags.Ephemeral : 0) | suppress;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- as above: a number of known flags, or 0
  const reply: InteractionReplyOptions = { ...message, flags: flags };
  if (interaction.replied) await interaction.followUp(reply);
  else await interaction.reply(reply);
}

/** Acknowledges now, for work that may outlast Discord's 3 seconds. */
export async function deferResponse(interaction: RepliableInteraction, options: ResponseOptions = {}): Promise<void> {
  if (interaction.deferred || interaction.replied) return;
  await interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
}
