/** Interaction webhooks (/webhooks/{application}/{token}...): follow-ups, and getting, editing, deleting the interaction's messages. */
import { InteractionType, MessageFlags } from 'discord-api-types/v10';
import { err, INVALID_WEBHOOK_TOKEN, UNKNOWN_MESSAGE, UNKNOWN_WEBHOOK } from './errors.js';
import type { RouteResult } from './errors.js';
import type { RecordedRequest } from './http.js';
import { createInteractionMessage, interactionEvent } from './interaction-messages.js';
import { applyBody, computePings, validateMessageBody } from './messages.js';
import type { DiscordErrorBody, WireMessageBody } from './messages.js';
import type { EmulatorState } from './state.js';

export function onWebhook(state: EmulatorState, seg: string[], r: RecordedRequest): RouteResult {
  const appId = seg[1] ?? '';
  const token = seg[2] ?? '';
  const h = [...state.interactions.values()].find((x) => x.token === token);
  const kind: 'followup' | 'edit' | 'delete' | null =
    seg.length === 3 && r.method === 'POST'
      ? 'followup'
      : seg.length === 5 && seg[3] === 'messages'
        ? r.method === 'PATCH'
          ? 'edit'
          : r.method === 'DELETE'
            ? 'delete'
            : null
        : null;
  const reject = (status: number, error: DiscordErrorBody): RouteResult => {
    h?.record(interactionEvent(h, 'rejected', r, status, { body: r.body as WireMessageBody, data: r.body as WireMessageBody, error }));
    return { status, body: error };
  };
  if (!h || appId !== state.applicationId || h.type === InteractionType.ApplicationCommandAutocomplete) return reject(404, UNKNOWN_WEBHOOK);
  if (r.at - h.dispatchedAt > state.settings.tokenLifetimeMs) return reject(401, INVALID_WEBHOOK_TOKEN);
  if (!h.acknowledged) return reject(404, UNKNOWN_WEBHOOK);

  if (kind === 'followup') {
    const body = (r.body ?? {}) as WireMessageBody;
    const invalid = validateMessageBody(body, { requireNonEmpty: r.files.length === 0 });
    if (invalid) return reject(400, invalid);
    const msg = createInteractionMessage(state, h, body, false);
    h.followUpMessageIds.push(msg.id);
    h.record(
      interactionEvent(h, 'followup', r, 200, {
        body,
        data: body,
        message: structuredClone(msg),
        pings: computePings(body.content ?? '', body.allowed_mentions),
      }),
    );
    return r.query['wait'] === 'true' ? { status: 200, body: msg } : { status: 204 };
  }
  if (seg.length !== 5 || seg[3] !== 'messages') return { status: 405, body: err('405: Method Not Allowed', 0) };
  const ref = seg[4] ?? '';
  const messageId = ref === '@original' ? h.originalMessageId : ref;
  const owned = messageId !== null && (messageId === h.originalMessageId || h.followUpMessageIds.includes(messageId));
  const msg = owned && messageId ? state.messages.get(messageId) : undefined;
  if (!msg) return reject(404, UNKNOWN_MESSAGE);
  if (r.method === 'GET') return { status: 200, body: msg };
  if (kind === 'delete') {
    state.messages.delete(msg.id);
    if (messageId === h.originalMessageId) h.originalMessageId = null;
    h.record(interactionEvent(h, 'delete', r, 204, { body: null, data: undefined, message: structuredClone(msg) }));
    return { status: 204 };
  }
  if (kind === 'edit') {
    const body = (r.body ?? {}) as WireMessageBody;
    const invalid = validateMessageBody(body, { requireNonEmpty: false });
    if (invalid) return reject(400, invalid);
    // Embeds count as content even when SUPPRESS_EMBEDS then hides them: Discord accepts the edit.
    const embedsSent = body.embeds !== undefined ? (body.embeds ?? []).length : msg.embeds.length;
    const next = structuredClone(msg);
    applyBody(next, body, (uid) => state.users.get(uid));
    next.flags &= ~MessageFlags.Loading;
    if (!next.content.trim() && !embedsSent && !next.components.length && !next.attachments.length && r.files.length === 0) {
      return reject(400, err('Cannot send an empty message', 50006));
    }
    next.edited_timestamp = new Date().toISOString();
    state.messages.set(next.id, next);
    h.record(
      interactionEvent(h, 'edit', r, 200, {
        body,
        data: body,
        message: structuredClone(next),
        pings: computePings(next.content, body.allowed_mentions),
      }),
    );
    return { status: 200, body: next };
  }
  return { status: 405, body: err('405: Method Not Allowed', 0) };
}
