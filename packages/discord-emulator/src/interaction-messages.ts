/** What answering an interaction leaves behind: the bot's message (reply or follow-up) and the event its handle records. */
import { ApplicationCommandType, InteractionType, MessageType } from 'discord-api-types/v10';
import type { APIUser } from 'discord-api-types/v10';
import type { RecordedRequest } from './http.js';
import type { InteractionEvent, InteractionHandle } from './interactions.js';
import { newMessage } from './messages.js';
import type { EmulatedMessage, WireMessageBody } from './messages.js';
import type { Json } from './model.js';
import type { EmulatorState } from './state.js';

/** The bot's message answering `h` (the original response, or a follow-up when `original` is false), stored. */
export function createInteractionMessage(state: EmulatorState, h: InteractionHandle, body: WireMessageBody, original: boolean): EmulatedMessage {
  const p = h.payload;
  const user = ((p['member'] as Json | undefined)?.['user'] ?? p['user']) as APIUser;
  const data = (p['data'] ?? {}) as Json;
  const isCommand = h.type === InteractionType.ApplicationCommand || h.type === InteractionType.ApplicationCommandAutocomplete;
  const msgType = isCommand
    ? data['type'] === ApplicationCommandType.ChatInput
      ? MessageType.ChatInputCommand
      : MessageType.ContextMenuCommand
    : MessageType.Default;
  const metadata: Json = {
    id: h.id,
    type: h.type,
    user: { ...user },
    authorizing_integration_owners: p['authorizing_integration_owners'],
  };
  if (isCommand) {
    metadata['name'] = data['name'];
    metadata['command_type'] = data['type'];
  }
  if (!original && h.originalMessageId) metadata['original_response_message_id'] = h.originalMessageId;
  if (h.sourceMessageId) metadata['interacted_message_id'] = h.sourceMessageId;
  const msg = newMessage({
    type: msgType,
    channelId: p['channel_id'] as string,
    guildId: (p['guild_id'] as string | undefined) ?? null,
    author: state.botUser,
    applicationId: state.applicationId,
    body,
    interactionMetadata: metadata,
    knownUsers: (id) => state.users.get(id),
  });
  if (isCommand) msg.interaction = { id: h.id, type: h.type, name: data['name'], user: { ...user } };
  state.messages.set(msg.id, msg);
  return msg;
}

/** The event a request about interaction `h` records on its handle. */
export function interactionEvent(
  h: InteractionHandle,
  kind: InteractionEvent['kind'],
  r: RecordedRequest,
  status: number,
  extra: Omit<InteractionEvent, 'kind' | 'at' | 'sinceDispatchMs' | 'method' | 'path' | 'status' | 'files'>,
): InteractionEvent {
  return {
    kind,
    at: r.at,
    sinceDispatchMs: r.at - h.dispatchedAt,
    method: r.method,
    path: r.path,
    status,
    files: r.files,
    ...extra,
  };
}
