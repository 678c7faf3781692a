import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { Reply } from '../answer/reply.js';
import { paragraphId } from '../corpus/paragraph-id.js';
import { DiscordLimits } from './limits.js';
import { renderReply, type MessagePayload } from './render-reply.js';

/**
 * The buttons under an answer and the message they come with. Each custom id carries all a click needs, so buttons keep working
 * after a restart: `ans:<action>:<corpus version>:<asker id>:<paragraph ids>` (ids as "004.3").
 * A click on an answer made from another corpus version says so instead of quoting changed text.
 */
export const ANSWER_BUTTON_PREFIX = 'ans';

/** The answer to a button whose custom id no code of this bot makes (an older format, or a forged one). */
export const UNKNOWN_BUTTON = 'This button does not work any more. Please ask again.';
type Action = 'post' | 'more' | 'del';
/** The label of each button under an answer. */
export const BUTTON_LABELS: Readonly<Record<Action, string>> = { post: 'Post in channel', more: 'More results', del: 'Delete' };

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
  if (ephemeral) buttons.push(button('post', BUTTON_LABELS.post, ButtonStyle.Primary, state, state.shown));
  if (state.more.length > 0) buttons.push(button('more', BUTTON_LABELS.more, ButtonStyle.Secondary, state, state.more));
  if (!ephemeral) buttons.push(button('del', BUTTON_LABELS.del, ButtonStyle.Danger, state, []));
  return [{ type: ComponentType.ActionRow, components: buttons }];
}

function button(
  action: Action,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Danger,
  state: AnswerState,
  ids: readonly string[],
): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: encode(action, state.version, state.askerId, ids), label, style };
}

/** The custom id, keeping as many paragraph ids (best first) as fit in Discord's 100 characters. */
export function encode(action: Action, version: string, askerId: string, ids: readonly string[]): string {
  let customId = `${ANSWER_BUTTON_PREFIX}:${action}:${version}:${askerId}:`;
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
  const ids = match[4] ? match[4].split(',').map(readId) : [];
  return { action: match[1] as Action, version: match[2]!, askerId: match[3]!, ids };
}

/** "004.3" read as "004:3"; "004.03" is the same paragraph, so it reads as the same id and counts once. */
function readId(written: string): string {
  const numbered = /^(.*)\.(\d+)$/.exec(written);
  return numbered ? paragraphId(numbered[1]!, Number(numbered[2])) : written;
}

/** The reply as a message with its buttons. */
export function withButtons(reply: Reply, state: AnswerState, ephemeral: boolean, content?: string): MessagePayload {
  const rendered = renderReply(reply);
  // A note (a mention, why it is private) comes with what the reply says, never instead of it.
  const text = [rendered.content, content].filter(Boolean).join('\n');
  return { ...rendered, ...(text ? { content: text } : {}), components: reply.kind === 'answer' ? answerButtons(state, ephemeral) : [] };
}
