/** Interaction callbacks (POST /interactions/{id}/{token}/callback): the first answer, within the deadline, of a type the interaction allows. */
import { InteractionResponseType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import { ALREADY_ACKNOWLEDGED, formError, UNKNOWN_INTERACTION, UNKNOWN_MESSAGE } from './errors.js';
import type { RouteResult } from './errors.js';
import type { RecordedRequest } from './http.js';
import { createInteractionMessage, interactionEvent } from './interaction-messages.js';
import { applyBody, computePings, validateChoices, validateMessageBody } from './messages.js';
import type { CallbackBody, DiscordErrorBody, EmulatedMessage, WireMessageBody } from './messages.js';
import type { Json } from './model.js';
import type { EmulatorState } from './state.js';

const CALLBACKS_FOR: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

export function onCallback(state: EmulatorState, id: string, token: string, r: RecordedRequest): RouteResult {
  const h = state.interactions.get(id);
  const body = (r.body ?? {}) as CallbackBody;
  const reject = (status: number, error: DiscordErrorBody): RouteResult => {
    h?.record(interactionEvent(h, 'rejected', r, status, { body, data: body.data, callbackType: body.type, error }));
    return { status, body: error };
  };
  if (!h || h.token !== token) return reject(404, UNKNOWN_INTERACTION);
  if (h.acknowledged) return reject(400, ALREADY_ACKNOWLEDGED);
  if (r.at - h.dispatchedAt > state.settings.ackDeadlineMs) return reject(404, UNKNOWN_INTERACTION);
  if (!(CALLBACKS_FOR[h.type] ?? []).includes(body.type)) {
    return reject(400, formError(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', 'Interaction response type is not valid for this interaction.'));
  }
  const data: WireMessageBody = body.data ?? {};
  let message: EmulatedMessage | undefined;
  switch (body.type) {
    case InteractionResponseType.ChannelMessageWithSource: {
      const invalid = validateMessageBody(data, { prefix: ['data'], requireNonEmpty: r.files.length === 0 });
      if (invalid) return reject(400, invalid);
      message = createInteractionMessage(state, h, data, true);
      h.originalMessageId = message.id;
      break;
    }
    case InteractionResponseType.DeferredChannelMessageWithSource: {
      const flags = (data.flags ?? 0) & MessageFlags.Ephemeral;
      message = createInteractionMessage(state, h, { content: '', flags }, true);
      message.flags |= MessageFlags.Loading;
      h.originalMessageId = message.id;
      break;
    }
    case InteractionResponseType.DeferredMessageUpdate:
      h.originalMessageId = h.sourceMessageId;
      break;
    case InteractionResponseType.UpdateMessage: {
      const invalid = validateMessageBody(data, { prefix: ['data'], requireNonEmpty: false });
      if (invalid) return reject(400, invalid);
      const src = h.sourceMessageId ? state.messages.get(h.sourceMessageId) : undefined;
      if (!src) return reject(404, UNKNOWN_MESSAGE);
      applyBody(src, data, (uid) => state.users.get(uid));
      src.edited_timestamp = new Date().toISOString();
      message = src;
      h.originalMessageId = src.id;
      break;
    }
    case InteractionResponseType.ApplicationCommandAutocompleteResult: {
      const invalid = validateChoices(data.choices);
      if (invalid) return reject(400, invalid);
      break;
    }
    case InteractionResponseType.Modal: {
      const e = new Map<string, string>();
      if (typeof data.custom_id !== 'string' || data.custom_id.length < 1 || data.custom_id.length > 100)
        e.set('custom_id', 'Must be between 1 and 100 in length.');
      if (typeof data.title !== 'string' || data.title.length < 1 || data.title.length > 45) e.set('title', 'Must be between 1 and 45 in length.');
      const first = [...e][0];
      if (first) return reject(400, formError(['data', first[0]], 'BASE_TYPE_BAD_LENGTH', first[1]));
      break;
    }
  }
  h.acknowledged = true;
  h.ackedAt = r.at;
  h.ackType = body.type;
  const ev = interactionEvent(h, 'callback', r, r.query['with_response'] === 'true' ? 200 : 204, {
    body,
    data: body.data,
    callbackType: body.type,
    ...(message ? { message: structuredClone(message) } : {}),
    ...(body.type === InteractionResponseType.ChannelMessageWithSource || body.type === InteractionResponseType.UpdateMessage
      ? { pings: computePings(data.content ?? '', data.allowed_mentions) }
      : {}),
  });
  h.record(ev);
  if (r.query['with_response'] !== 'true') return { status: 204 };
  const resource: Json = { type: body.type };
  if (message && body.type !== InteractionResponseType.DeferredMessageUpdate) resource['message'] = message;
  return {
    status: 200,
    body: {
      interaction: {
        id: h.id,
        type: h.type,
        response_message_id: message?.id,
        response_message_loading: body.type === InteractionResponseType.DeferredChannelMessageWithSource,
        response_message_ephemeral: message ? (message.flags & MessageFlags.Ephemeral) !== 0 : false,
      },
      resource,
    },
  };
}
