import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type ButtonInteraction } from 'discord.js';
import { CLOSEST_LABEL, replyWithParagraphs, type Reply } from '../../answer/reply.js';
import { QUOTES_PER_PAGE } from '../../search/passage-index.js';
import type { ButtonHandler, CommandContext, HandlerResult } from '../handler.js';
import { DiscordLimits } from '../limits.js';
import { unescapeMarkdown } from '../markdown.js';
import { isModerator } from '../permissions.js';
import { relativeTime } from '../public-answer-limiter.js';
import { renderReply, type MessagePayload } from '../render-reply.js';
import { respond } from '../responder.js';

/**
 * The buttons under an answer. Each custom id carries all a click needs, so buttons keep working
 * after a restart: `ans:<action>:<corpus version>:<asker id>:<paragraph ids>` (ids as "004.3").
 * A click on an answer made from another corpus version says so instead of quoting changed text.
 */
const PREFIX = 'ans';

/** The answer to a button whose custom id no code of this bot makes (an older format, or a forged one). */
export const UNKNOWN_BUTTON = 'This button does not work any more. Please ask again.';
type Action = 'post' | 'more' | 'del';

export interface AnswerState {
  readonly version: string;
  readonly askerId: string;
  /** Paragraphs shown in this message. */
  readonly shown: readonly string[];
  /** Paragraphs for "More results", best first. */
  readonly more: readonly string[];
}

/** Buttons for an answer: a public one may be deleted; a private one may be posted in the channel. */
export function answerButtons(state: AnswerState, ephemeral: boolean): APIActionRowComponent<APIButtonComponent>[] {
  const buttons: APIButtonComponent[] = [];
  if (ephemeral) buttons.push(button('post', 'Post in channel', ButtonStyle.Primary, state, state.shown));
  if (state.more.length > 0) buttons.push(button('more', 'More results', ButtonStyle.Secondary, state, state.more));
  if (!ephemeral) buttons.push(button('del', 'Delete', ButtonStyle.Danger, state, []));
  return [{ type: ComponentType.ActionRow, components: buttons }];
}

function button(action: Action, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Danger, state: AnswerState, ids: readonly string[]): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: encode(action, state.version, state.askerId, ids), label, style };
}

/** The custom id, keeping as many paragraph ids (best first) as fit in Discord's 100 characters. */
export function encode(action: Action, version: string, askerId: string, ids: readonly string[]): string {
  let customId = `${PREFIX}:${action}:${version}:${askerId}:`;
  for (const [index, id] of ids.entries()) {
    const part = `${index > 0 ? ',' : ''}${id.replace(':', '.')}`;
    if (customId.length + part.length > DiscordLimits.customId) break;
    customId += part;
  }
  return customId;
}

export function decode(customId: string): { action: Action; version: string; askerId: string; ids: string[] } | undefined {
  const match = /^ans:(post|more|del):([^:]*):(\d*):(.*)$/.exec(customId);
  if (!match) return undefined;
  const ids = match[4] ? match[4].split(',').map((id) => id.replace(/\.(\d+)$/, ':$1')) : [];
  return { action: match[1] as Action, version: match[2]!, askerId: match[3]!, ids };
}

export const answerButtonHandler: ButtonHandler = {
  prefix: PREFIX,
  async handle(interaction: ButtonInteraction, context: CommandContext): Promise<HandlerResult> {
    const state = decode(interaction.customId);
    if (!state) {
      // Not an id this code makes (an older format, or a forged one): say so rather than fail.
      await respond(interaction, { content: UNKNOWN_BUTTON }, { ephemeral: true });
      return { outcome: 'unknown-button' };
    }
    if (state.action === 'del') return deleteAnswer(interaction, context);

    const corpus = context.library.current.corpus;
    // The asker's question, as the answer showed it.
    const title = unescapeMarkdown(interaction.message.embeds[0]?.title ?? '');
    // A custom id comes from a client, so it is read as untrusted: each paragraph once, a page at most.
    const ids = [...new Set(state.ids)];
    const page = ids.slice(0, QUOTES_PER_PAGE);
    // Closest passages stay labelled as such when shown again.
    const match = interaction.message.embeds[0]?.description === CLOSEST_LABEL ? 'closest' : 'answer';
    const reply = state.version === corpus.version ? replyWithParagraphs(corpus, title, page, match) : undefined;
    if (!reply) {
      await respond(interaction, { content: 'The reports have changed since this answer was made, so it cannot be shown again. Please ask again.' }, { ephemeral: true });
      return { outcome: 'stale' };
    }
    if (state.action === 'more') {
      const rest = ids.slice(QUOTES_PER_PAGE);
      await respond(interaction, withButtons(reply, { version: corpus.version, askerId: state.askerId, shown: page, more: rest }, true), { ephemeral: true });
      return { outcome: 'more', results: page.length };
    }
    return postInChannel(interaction, context, reply, { version: corpus.version, askerId: state.askerId, shown: page, more: [] });
  },
};

/** The reply as a message with its buttons. */
export function withButtons(reply: Reply, state: AnswerState, ephemeral: boolean, content?: string): MessagePayload {
  const rendered = renderReply(reply);
  // A note (a mention, why it is private) comes with what the reply says, never instead of it.
  const text = [rendered.content, content].filter(Boolean).join('\n');
  return { ...rendered, ...(text ? { content: text } : {}), components: reply.kind === 'answer' ? answerButtons(state, ephemeral) : [] };
}

async function postInChannel(interaction: ButtonInteraction, context: CommandContext, reply: Reply, state: AnswerState): Promise<HandlerResult> {
  const key = state.shown.join(',');
  const blocked = context.publicAnswers.claim(interaction.user.id, interaction.channelId, key);
  if (blocked) {
    const why = blocked.reason === 'repeat' ? 'This answer was just posted in this channel' : 'You have just posted an answer';
    await respond(interaction, { content: `${why}; you can post it ${relativeTime(blocked.until)}.` }, { ephemeral: true });
    return { outcome: 'limited' };
  }
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
