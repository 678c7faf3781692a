/**
 * Message bodies as bots send them, the message objects Discord returns, the limits
 * Discord enforces on them (answered as 400 Invalid Form Body), and who a message pings.
 */
import { MessageFlags } from 'discord-api-types/v10';
import type { APIAllowedMentions, APIApplicationCommandOptionChoice, APIEmbed, APIUser, InteractionResponseType } from 'discord-api-types/v10';
import type { Json } from './model.js';
import { snowflake } from './snowflake.js';

/** What a bot sends as a message (interaction callback data, webhook edit or follow-up). */
export interface WireMessageBody {
  content?: string | null;
  embeds?: APIEmbed[] | null;
  components?: Json[] | null;
  flags?: number | null;
  allowed_mentions?: APIAllowedMentions | null;
  attachments?: Json[] | null;
  tts?: boolean;
  /** Autocomplete result (callback type 8). */
  choices?: APIApplicationCommandOptionChoice[];
  /** Modal (callback type 9). */
  custom_id?: string;
  title?: string;
  [key: string]: unknown;
}

/** The body of POST /interactions/{id}/{token}/callback. */
export interface CallbackBody {
  type: InteractionResponseType;
  data?: WireMessageBody;
}

/** A message as the emulator stores and returns it (a subset of Discord's message object). */
export interface EmulatedMessage {
  id: string;
  type: number;
  channel_id: string;
  guild_id?: string;
  author: APIUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: APIUser[];
  mention_roles: string[];
  attachments: Json[];
  embeds: APIEmbed[];
  components: Json[];
  flags: number;
  pinned: boolean;
  webhook_id: string;
  application_id: string;
  interaction_metadata?: Json;
  interaction?: Json;
  position?: number;
}

/** Who a message would notify, following allowed_mentions (pings come from content only). */
export interface Pings {
  users: string[];
  roles: string[];
  everyone: boolean;
}

export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: Json;
}

/** Flags an app may set on an interaction response / webhook message. */
export const ALLOWED_MESSAGE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.Ephemeral | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

export function computePings(content: string, allowed: APIAllowedMentions | null | undefined): Pings {
  const users = [...content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1] ?? '');
  const roles = [...content.matchAll(/<@&(\d{17,20})>/g)].map((m) => m[1] ?? '');
  const everyone = /@(everyone|here)/.test(content);
  // Interactions and webhooks default to parsing user mentions only.
  const a: APIAllowedMentions = allowed ?? { parse: ['users' as never] };
  const parse = (a.parse ?? []) as string[];
  const pickUsers = parse.includes('users') ? users : users.filter((u) => (a.users ?? []).includes(u));
  const pickRoles = parse.includes('roles') ? roles : roles.filter((r) => (a.roles ?? []).includes(r));
  return {
    users: [...new Set(pickUsers)],
    roles: [...new Set(pickRoles)],
    everyone: everyone && parse.includes('everyone'),
  };
}

class FormErrors {
  readonly errors: Json = {};
  count = 0;
  add(path: (string | number)[], code: string, message: string): void {
    let node: Json = this.errors;
    for (const key of path) {
      const k = String(key);
      const next = node[k];
      if (typeof next === 'object' && next !== null) node = next as Json;
      else {
        const created: Json = {};
        node[k] = created;
        node = created;
      }
    }
    const list = (node['_errors'] as Json[] | undefined) ?? [];
    list.push({ code, message });
    node['_errors'] = list;
    this.count++;
  }
  toBody(): DiscordErrorBody | null {
    return this.count ? { message: 'Invalid Form Body', code: 50035, errors: this.errors } : null;
  }
}

const maxLen = (e: FormErrors, path: (string | number)[], value: unknown, max: number): number => {
  if (typeof value !== 'string') return 0;
  const len = value.trim().length;
  if (len > max) e.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  return len;
};

function collectCustomIds(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const n of node) collectCustomIds(n, out);
  } else if (typeof node === 'object' && node !== null) {
    const o = node as Json;
    if (typeof o['custom_id'] === 'string') out.push(o['custom_id']);
    for (const [k, v] of Object.entries(o)) if (k !== 'custom_id') collectCustomIds(v, out);
  }
}

/**
 * Check a message body against Discord's limits. `prefix` is where the body sits in the
 * request (["data"] for callbacks). Returns a Discord error body, or null if valid.
 */
export function validateMessageBody(body: WireMessageBody, opts: { prefix?: string[]; requireNonEmpty: boolean }): DiscordErrorBody | null {
  const p = opts.prefix ?? [];
  const e = new FormErrors();
  maxLen(e, [...p, 'content'], body.content, 2000);
  const embeds = body.embeds ?? [];
  if (embeds.length > 10) e.add([...p, 'embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  embeds.forEach((embed, i) => {
    const ep = [...p, 'embeds', i];
    total += maxLen(e, [...ep, 'title'], embed.title, 256);
    total += maxLen(e, [...ep, 'description'], embed.description, 4096);
    total += maxLen(e, [...ep, 'footer', 'text'], embed.footer?.text, 2048);
    total += maxLen(e, [...ep, 'author', 'name'], embed.author?.name, 256);
    const fields = embed.fields ?? [];
    if (fields.length > 25) e.add([...ep, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((f, j) => {
      total += maxLen(e, [...ep, 'fields', j, 'name'], f.name, 256);
      total += maxLen(e, [...ep, 'fields', j, 'value'], f.value, 1024);
      if (typeof f.name !== 'string' || f.name.trim() === '') e.add([...ep, 'fields', j, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
      if (typeof f.value !== 'string' || f.value.trim() === '') e.add([...ep, 'fields', j, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
    });
  });
  if (total > 6000) e.add([...p, 'embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  if (body.flags !== undefined && body.flags !== null && (body.flags & ~ALLOWED_MESSAGE_FLAGS) !== 0) {
    e.add([...p, 'flags'], 'MESSAGE_FLAGS_INVALID', 'Invalid message flags');
  }
  const am = body.allowed_mentions;
  if (am) {
    const parse = (am.parse ?? []) as string[];
    if (parse.includes('users') && am.users !== undefined)
      e.add([...p, 'allowed_mentions'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', 'parse:["users"] and users: [ids...] are mutually exclusive.');
    if (parse.includes('roles') && am.roles !== undefined)
      e.add([...p, 'allowed_mentions'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', 'parse:["roles"] and roles: [ids...] are mutually exclusive.');
  }
  const ids: string[] = [];
  collectCustomIds(body.components ?? [], ids);
  ids.forEach((id) => {
    if (id.length < 1 || id.length > 100) e.add([...p, 'components'], 'BASE_TYPE_BAD_LENGTH', 'custom_id must be between 1 and 100 in length.');
  });
  if (new Set(ids).size !== ids.length) e.add([...p, 'components'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
  const err = e.toBody();
  if (err) return err;
  if (opts.requireNonEmpty) {
    const empty =
      !(typeof body.content === 'string' && body.content.trim() !== '') &&
      embeds.length === 0 &&
      (body.components ?? []).length === 0 &&
      (body.attachments ?? []).length === 0;
    if (empty) return { message: 'Cannot send an empty message', code: 50006 };
  }
  return null;
}

export function validateChoices(choices: unknown): DiscordErrorBody | null {
  const e = new FormErrors();
  if (!Array.isArray(choices)) {
    e.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return e.toBody();
  }
  if (choices.length > 25) e.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  choices.forEach((c: unknown, i) => {
    const choice = (c ?? {}) as Json;
    const name = choice['name'];
    if (typeof name !== 'string' || name.length < 1 || name.length > 100)
      e.add(['data', 'choices', i, 'name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    const value = choice['value'];
    if (typeof value === 'string' && (value.length < 1 || value.length > 100))
      e.add(['data', 'choices', i, 'value'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    if (typeof value !== 'string' && typeof value !== 'number') e.add(['data', 'choices', i, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
  });
  return e.toBody();
}

export function newMessage(init: {
  type: number;
  channelId: string;
  guildId: string | null;
  author: APIUser;
  applicationId: string;
  body: WireMessageBody;
  interactionMetadata?: Json;
  knownUsers: (id: string) => APIUser | undefined;
}): EmulatedMessage {
  const msg: EmulatedMessage = {
    id: snowflake(),
    type: init.type,
    channel_id: init.channelId,
    author: { ...init.author },
    content: '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    flags: 0,
    pinned: false,
    webhook_id: init.applicationId,
    application_id: init.applicationId,
  };
  if (init.guildId) msg.guild_id = init.guildId;
  if (init.interactionMetadata) msg.interaction_metadata = init.interactionMetadata;
  applyBody(msg, init.body, init.knownUsers, true);
  return msg;
}

/** Apply a create/edit body to a stored message (fields absent from the body are kept). */
export function applyBody(msg: EmulatedMessage, body: WireMessageBody, knownUsers: (id: string) => APIUser | undefined, create = false): void {
  if (body.content !== undefined) msg.content = body.content ?? '';
  if (body.embeds !== undefined) msg.embeds = (body.embeds ?? []).map((e) => ({ type: 'rich' as never, ...trimEmbed(e) }));
  if (body.components !== undefined) msg.components = body.components ?? [];
  if (body.attachments !== undefined) msg.attachments = body.attachments ?? [];
  if (body.tts !== undefined) msg.tts = body.tts;
  if (body.flags !== undefined && body.flags !== null) {
    // Ephemeral is fixed when the message is created; other allowed flags may change on edit.
    const fixed = create ? body.flags & MessageFlags.Ephemeral : msg.flags & (MessageFlags.Ephemeral | MessageFlags.Loading);
    msg.flags = fixed | (body.flags & ALLOWED_MESSAGE_FLAGS & ~MessageFlags.Ephemeral);
  }
  // SUPPRESS_EMBEDS hides every embed, the sender's own rich embeds included: the API returns
  // `embeds: []` and clients show none (discord-api-docs issue 1389). They are not kept for later.
  if (msg.flags & MessageFlags.SuppressEmbeds) msg.embeds = [];
  const ids = [...msg.content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1] ?? '');
  msg.mentions = [...new Set(ids)].map((id) => knownUsers(id)).filter((u): u is APIUser => u !== undefined);
  msg.mention_roles = [...new Set([...msg.content.matchAll(/<@&(\d{17,20})>/g)].map((m) => m[1] ?? ''))];
  msg.mention_everyone = computePings(msg.content, body.allowed_mentions).everyone;
}

/** Discord stores an embed's texts without their leading and trailing whitespace. */
function trimEmbed(embed: APIEmbed): APIEmbed {
  const trim = (text: string | undefined) => (typeof text === 'string' ? text.trim() : text);
  const out: APIEmbed = { ...embed };
  if (embed.title !== undefined) out.title = trim(embed.title)!;
  if (embed.description !== undefined) out.description = trim(embed.description)!;
  if (embed.footer) out.footer = { ...embed.footer, text: trim(embed.footer.text)! };
  if (embed.author) out.author = { ...embed.author, name: trim(embed.author.name)! };
  if (embed.fields) out.fields = embed.fields.map((field) => ({ ...field, name: trim(field.name)!, value: trim(field.value)! }));
  return out;
}
