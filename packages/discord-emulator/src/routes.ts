/**
 * The REST routes below /api/v10: token-authenticated interaction callbacks and webhooks first, then,
 * with the bot token, the gateway, the application, commands, guilds, channels and channel messages.
 */
import { randomBytes } from 'node:crypto';
import { MessageFlags, MessageType } from 'discord-api-types/v10';
import { onCallback } from './callbacks.js';
import { onCommands } from './commands.js';
import { err } from './errors.js';
import type { RouteResult } from './errors.js';
import type { RecordedRequest } from './http.js';
import { applyBody, newMessage, validateMessageBody } from './messages.js';
import type { EmulatedMessage, WireMessageBody } from './messages.js';
import { channelJson, guildCreateJson, memberJson, roleJson } from './model.js';
import type { Json } from './model.js';
import type { EmulatorState } from './state.js';
import { onWebhook } from './webhooks.js';

export function route(state: EmulatorState, r: RecordedRequest): RouteResult {
  const seg = r.path.split('/').filter((s) => s !== '');
  const m = r.method;
  const is = (method: string, ...pattern: string[]): boolean =>
    m === method && seg.length === pattern.length && pattern.every((p, i) => p === '*' || p === seg[i]);
  const s = (i: number): string => seg[i] ?? '';

  // Interaction callbacks and webhooks authenticate by the token in the path.
  if (is('POST', 'interactions', '*', '*', 'callback')) return onCallback(state, s(1), s(2), r);
  if (s(0) === 'webhooks') return onWebhook(state, seg, r);
  if (is('GET', 'gateway')) return { status: 200, body: { url: state.gatewayUrl } };

  if (r.authorization !== `Bot ${state.token}`) return { status: 401, body: err('401: Unauthorized', 0) };

  if (is('GET', 'gateway', 'bot')) {
    return {
      status: 200,
      body: {
        url: state.gatewayUrl,
        shards: state.settings.recommendedShards,
        session_start_limit: {
          total: 1000,
          remaining: Math.max(0, 1000 - state.gateway.sessions.length),
          reset_after: 86_400_000,
          max_concurrency: state.settings.maxConcurrency,
        },
      },
    };
  }
  if (is('GET', 'users', '@me')) return { status: 200, body: { ...state.botUser, verified: true, mfa_enabled: false, flags: 0 } };
  if (is('GET', 'applications', '@me') || is('GET', 'oauth2', 'applications', '@me')) return { status: 200, body: applicationJson(state) };
  if (s(0) === 'applications' && s(2) === 'commands') return onCommands(state, m, 'global', seg.slice(3), r, s(1));
  if (s(0) === 'applications' && s(2) === 'guilds' && s(4) === 'commands') {
    if (!state.guilds.some((g) => g.id === s(3))) return { status: 403, body: err('Missing Access', 50001) };
    return onCommands(state, m, s(3), seg.slice(5), r, s(1));
  }
  if (is('GET', 'guilds', '*')) {
    const g = state.guilds.find((x) => x.id === s(1));
    return g
      ? { status: 200, body: { ...guildCreateJson(g, state.applicationId), members: undefined, channels: undefined } }
      : { status: 404, body: err('Unknown Guild', 10004) };
  }
  if (is('GET', 'guilds', '*', 'channels')) {
    const g = state.guilds.find((x) => x.id === s(1));
    return g ? { status: 200, body: g.channels.map(channelJson) } : { status: 404, body: err('Unknown Guild', 10004) };
  }
  if (is('GET', 'guilds', '*', 'roles')) {
    const g = state.guilds.find((x) => x.id === s(1));
    return g ? { status: 200, body: g.roles.map(roleJson) } : { status: 404, body: err('Unknown Guild', 10004) };
  }
  if (is('GET', 'guilds', '*', 'members', '*')) {
    const g = state.guilds.find((x) => x.id === s(1));
    if (!g) return { status: 404, body: err('Unknown Guild', 10004) };
    const mem = g.members.find((x) => x.user.id === s(3));
    return mem ? { status: 200, body: memberJson(mem) } : { status: 404, body: err('Unknown Member', 10007) };
  }
  if (is('GET', 'channels', '*')) {
    const c = state.guilds.flatMap((g) => g.channels).find((x) => x.id === s(1));
    return c ? { status: 200, body: channelJson(c) } : { status: 404, body: err('Unknown Channel', 10003) };
  }
  if (is('GET', 'channels', '*', 'messages', '*')) {
    const msg = state.messages.get(s(3));
    return msg && msg.channel_id === s(1) && !(msg.flags & MessageFlags.Ephemeral)
      ? { status: 200, body: msg }
      : { status: 404, body: err('Unknown Message', 10008) };
  }
  if (is('POST', 'channels', '*', 'messages')) {
    const c = state.guilds.flatMap((g) => g.channels).find((x) => x.id === s(1));
    if (!c) return { status: 404, body: err('Unknown Channel', 10003) };
    const body = (r.body ?? {}) as WireMessageBody;
    const invalid = validateMessageBody(body, { requireNonEmpty: r.files.length === 0 });
    if (invalid) return { status: 400, body: invalid };
    const msg = newMessage({
      type: MessageType.Default,
      channelId: c.id,
      guildId: c.guildId,
      author: state.botUser,
      applicationId: state.applicationId,
      body: { ...body, flags: (body.flags ?? 0) & ~MessageFlags.Ephemeral },
      knownUsers: (id) => state.users.get(id),
    });
    delete (msg as Partial<EmulatedMessage>).webhook_id;
    state.messages.set(msg.id, msg);
    return { status: 200, body: msg };
  }
  if (is('PATCH', 'channels', '*', 'messages', '*')) {
    const msg = state.messages.get(s(3));
    if (!msg || msg.channel_id !== s(1) || msg.flags & MessageFlags.Ephemeral) return { status: 404, body: err('Unknown Message', 10008) };
    if (msg.author.id !== state.botUser.id) return { status: 403, body: err('Cannot edit a message authored by another user', 50005) };
    const body = (r.body ?? {}) as WireMessageBody;
    const invalid = validateMessageBody(body, { requireNonEmpty: false });
    if (invalid) return { status: 400, body: invalid };
    applyBody(msg, { ...body, ...(body.flags != null ? { flags: body.flags & ~MessageFlags.Ephemeral } : {}) }, (id) => state.users.get(id));
    msg.edited_timestamp = new Date().toISOString();
    return { status: 200, body: msg };
  }
  return { status: 404, body: err('404: Not Found', 0) };
}

function applicationJson(state: EmulatorState): Json {
  return {
    id: state.applicationId,
    name: state.botUser.username,
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: randomBytes(32).toString('hex'),
    flags: state.settings.applicationFlags,
    bot: { ...state.botUser },
    owner: { ...(state.guilds[0]?.members.find((m) => !m.user.bot)?.user ?? state.botUser) },
    team: null,
    approximate_guild_count: state.guilds.length,
    redirect_uris: [],
    interactions_endpoint_url: null,
    tags: [],
    integration_types_config: { '0': {} },
  };
}
