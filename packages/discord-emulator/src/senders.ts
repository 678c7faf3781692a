/**
 * Interactions a user triggers: slash commands, autocomplete, components, message commands and modal
 * submissions, built as Discord builds them (who, where, with which permissions) and dispatched as
 * INTERACTION_CREATE to the shard that owns the guild.
 */
import { randomBytes } from 'node:crypto';
import { ApplicationCommandType, ChannelType, ComponentType, InteractionType, MessageType } from 'discord-api-types/v10';
import type { APIAttachment, APIUser } from 'discord-api-types/v10';
import { findCommand } from './commands.js';
import { sessionFor } from './gateway-sessions.js';
import { buildOptions, InteractionHandle } from './interactions.js';
import type { OptionValues, RawOption } from './interactions.js';
import { newMessage } from './messages.js';
import type { EmulatedMessage, WireMessageBody } from './messages.js';
import { channelJson, makeUser, memberJson, memberPermissions, toBigInt } from './model.js';
import type { Guild, Json, Member, UserSpec } from './model.js';
import { snowflake } from './snowflake.js';
import type { EmulatorState } from './state.js';

/** Where an interaction happens and who triggers it. */
export interface InteractionContext {
  /** Guild id; default the first guild. `null` makes it a DM with the bot. */
  guildId?: string | null;
  /** Channel id; default the guild's first channel (or the user's DM channel). */
  channelId?: string;
  /** A user id (a guild member or a user seen before) or a new user; default a non-owner member. */
  user?: string | UserSpec;
  /** Replace the member's roles (ids or names) for this interaction. */
  roles?: string[];
  /** Replace member.permissions (otherwise computed from @everyone + roles; owner/admin = all). */
  permissions?: bigint | string;
  /** app_permissions (default: the bot member's permissions). */
  appPermissions?: bigint | string;
  locale?: string;
}

export interface ChatInputOptions extends InteractionContext {
  name: string;
  /** { optionName: value } (types from the registered command when there is one) or raw options. */
  options?: OptionValues | RawOption[];
  subcommand?: string;
  subcommandGroup?: string;
  /** data.resolved, if the options reference users/roles/channels. */
  resolved?: Json;
}

export interface AutocompleteOptions extends ChatInputOptions {
  /** Name of the option being typed in (must be among `options`). */
  focused: string;
}

export interface ComponentOptions extends InteractionContext {
  customId: string;
  /** Default 2 (button). 3 = string select (give `values`). */
  componentType?: ComponentType;
  values?: string[];
  /** The message the component is on: a stored message or its id (default: a new bot message). */
  message?: EmulatedMessage | string;
}

export interface MessageCommandOptions extends InteractionContext {
  name: string;
  /** The message the command targets: a stored message, its id, or fields for a new one. */
  target: EmulatedMessage | string | { content: string; author?: string | UserSpec; embeds?: Json[]; id?: string };
}

export interface ModalSubmitOptions extends InteractionContext {
  customId: string;
  /** text input custom_id → value */
  fields: Record<string, string>;
  message?: EmulatedMessage | string;
}

interface Ctx {
  guild: Guild | null;
  user: APIUser;
  member: Member | null;
  channelId: string;
  channel: Json;
  permissions: bigint | null;
  appPermissions: bigint;
  locale: string;
}

/** A slash command (type 2, data.type 1) or an autocomplete request (type 4) with `focused` marking the option being typed. */
export function sendCommandLike(state: EmulatorState, o: ChatInputOptions, type: InteractionType, focused: string | undefined): InteractionHandle {
  const ctx = resolveContext(state, o);
  const command = findCommand(state, o.name, ApplicationCommandType.ChatInput, ctx.guild?.id ?? null);
  const options = buildOptions(o.options, command?.options as Parameters<typeof buildOptions>[1], o.subcommand, o.subcommandGroup, focused);
  const data: Json = { id: command?.id ?? snowflake(), name: o.name, type: ApplicationCommandType.ChatInput };
  if (options.length) data['options'] = options;
  const attachments = resolvedAttachments(state, options);
  if (o.resolved || attachments) data['resolved'] = { ...(attachments ? { attachments } : {}), ...o.resolved };
  if (command?.guild_id) data['guild_id'] = command.guild_id;
  return dispatchInteraction(state, type, data, ctx, null);
}

/** A message component interaction (type 3): a button click or a select. */
export function sendComponent(state: EmulatorState, o: ComponentOptions): InteractionHandle {
  const ctx = resolveContext(state, o);
  const componentType = o.componentType ?? ComponentType.Button;
  const message = resolveSourceMessage(state, o.message, ctx, () => ({
    content: 'Emulated message with a component',
    components: [
      {
        type: ComponentType.ActionRow,
        components:
          componentType === ComponentType.Button
            ? [{ type: ComponentType.Button, style: 1, label: 'Click', custom_id: o.customId }]
            : [{ type: componentType, custom_id: o.customId, options: (o.values ?? []).map((v) => ({ label: v, value: v })) }],
      },
    ],
  }));
  const data: Json = { custom_id: o.customId, component_type: componentType };
  if (componentType !== ComponentType.Button) data['values'] = o.values ?? [];
  return dispatchInteraction(state, InteractionType.MessageComponent, data, ctx, message);
}

/** A message context-menu command (type 2, data.type 3, target_id, resolved.messages). */
export function sendMessageCommand(state: EmulatorState, o: MessageCommandOptions): InteractionHandle {
  const ctx = resolveContext(state, o);
  let target: EmulatedMessage;
  if (typeof o.target === 'string' || 'timestamp' in o.target) {
    target = resolveSourceMessage(state, o.target, ctx, () => ({ content: '' }));
  } else {
    const spec = o.target;
    const author = spec.author === undefined ? ctx.user : resolveUser(state, spec.author);
    target = {
      ...newMessage({
        type: MessageType.Default,
        channelId: ctx.channelId,
        guildId: ctx.guild?.id ?? null,
        author,
        applicationId: state.applicationId,
        body: { content: spec.content, embeds: spec.embeds ?? [] },
        knownUsers: (id) => state.users.get(id),
      }),
    };
    if (spec.id) target.id = spec.id;
    delete (target as Partial<EmulatedMessage>).webhook_id;
    delete (target as Partial<EmulatedMessage>).application_id;
    state.messages.set(target.id, target);
  }
  const command = findCommand(state, o.name, ApplicationCommandType.Message, ctx.guild?.id ?? null);
  const data: Json = {
    id: command?.id ?? snowflake(),
    name: o.name,
    type: ApplicationCommandType.Message,
    target_id: target.id,
    resolved: { messages: { [target.id]: { ...target } } },
  };
  if (command?.guild_id) data['guild_id'] = command.guild_id;
  return dispatchInteraction(state, InteractionType.ApplicationCommand, data, ctx, null);
}

/** A modal submission (type 5) with text input values. */
export function sendModalSubmit(state: EmulatorState, o: ModalSubmitOptions): InteractionHandle {
  const ctx = resolveContext(state, o);
  const message = o.message === undefined ? null : resolveSourceMessage(state, o.message, ctx, () => ({ content: '' }));
  const data: Json = {
    custom_id: o.customId,
    components: Object.entries(o.fields).map(([custom_id, value], i) => ({
      type: ComponentType.ActionRow,
      id: i * 2 + 1,
      components: [{ type: ComponentType.TextInput, id: i * 2 + 2, custom_id, value }],
    })),
  };
  return dispatchInteraction(state, InteractionType.ModalSubmit, data, ctx, message);
}

/** `resolved.attachments` for attachment options (type 11) whose value is an addAttachment id. */
function resolvedAttachments(state: EmulatorState, options: RawOption[]): Record<string, APIAttachment> | undefined {
  const found: Record<string, APIAttachment> = {};
  const visit = (list: RawOption[]): void => {
    for (const option of list) {
      const stored = option.type === 11 && typeof option.value === 'string' ? state.attachments.get(option.value) : undefined;
      if (stored) found[stored.attachment.id] = { ...stored.attachment };
      if (option.options) visit(option.options);
    }
  };
  visit(options);
  return Object.keys(found).length > 0 ? found : undefined;
}

function resolveUser(state: EmulatorState, u: string | UserSpec): APIUser {
  if (typeof u === 'string') {
    const known = state.users.get(u);
    if (!known) throw new Error(`DiscordEmulator: unknown user ${u}`);
    return known;
  }
  if (u.id && state.users.has(u.id)) return state.users.get(u.id) as APIUser;
  const user = makeUser(u);
  state.users.set(user.id, user);
  return user;
}

function resolveContext(state: EmulatorState, o: InteractionContext): Ctx {
  const guild = o.guildId === null ? null : state.guild(o.guildId);
  let user: APIUser;
  let member: Member | null = null;
  if (o.user === undefined) {
    if (guild) {
      const humans = guild.members.filter((m) => !m.user.bot);
      member = humans.find((m) => m.user.id !== guild.ownerId) ?? humans[0] ?? null;
      if (!member) throw new Error(`DiscordEmulator: guild ${guild.id} has no human member`);
      user = member.user;
    } else {
      const first = state.guilds[0]?.members.find((m) => !m.user.bot);
      user = first?.user ?? resolveUser(state, { username: 'dm-user' });
    }
  } else {
    user = resolveUser(state, o.user);
    if (guild) member = guild.members.find((m) => m.user.id === user.id) ?? null;
  }
  if (guild && !member) member = { user, roles: [], nick: null, joinedAt: new Date().toISOString() };
  if (guild && member && o.roles) {
    const roles = o.roles.map((ref) => {
      const role = guild.roles.find((r) => r.id === ref || r.name === ref);
      if (!role) throw new Error(`DiscordEmulator: guild ${guild.id} has no role ${ref}`);
      return role.id;
    });
    member = { ...member, roles };
  }
  let channelId: string;
  let channel: Json;
  if (guild) {
    const c = o.channelId ? guild.channels.find((x) => x.id === o.channelId) : guild.channels[0];
    if (!c) throw new Error(`DiscordEmulator: guild ${guild.id} has no channel ${o.channelId ?? ''}`);
    channelId = c.id;
    channel = channelJson(c);
  } else {
    channelId = o.channelId ?? dmChannelFor(state, user.id);
    channel = { id: channelId, type: ChannelType.DM, last_message_id: null, flags: 0, recipients: [{ ...user }] };
  }
  const botMember = guild?.members.find((m) => m.user.id === state.botUser.id);
  return {
    guild,
    user,
    member,
    channelId,
    channel,
    permissions: guild && member ? toBigInt(o.permissions, memberPermissions(guild, member)) : null,
    appPermissions: toBigInt(o.appPermissions, guild && botMember ? memberPermissions(guild, botMember) : 0n),
    locale: o.locale ?? 'en-US',
  };
}

function dmChannelFor(state: EmulatorState, userId: string): string {
  let id = state.dmChannels.get(userId);
  if (!id) {
    id = snowflake();
    state.dmChannels.set(userId, id);
  }
  return id;
}

function resolveSourceMessage(state: EmulatorState, m: EmulatedMessage | string | undefined, ctx: Ctx, make: () => WireMessageBody): EmulatedMessage {
  if (typeof m === 'string') {
    const found = state.messages.get(m);
    if (!found) throw new Error(`DiscordEmulator: unknown message ${m}`);
    return found;
  }
  if (m) return state.messages.get(m.id) ?? m;
  const msg = newMessage({
    type: MessageType.Default,
    channelId: ctx.channelId,
    guildId: ctx.guild?.id ?? null,
    author: state.botUser,
    applicationId: state.applicationId,
    body: make(),
    knownUsers: (id) => state.users.get(id),
  });
  state.messages.set(msg.id, msg);
  return msg;
}

function dispatchInteraction(state: EmulatorState, type: InteractionType, data: Json, ctx: Ctx, source: EmulatedMessage | null): InteractionHandle {
  const id = snowflake();
  const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
  const payload: Json = {
    id,
    application_id: state.applicationId,
    type,
    data,
    token,
    version: 1,
    channel: ctx.channel,
    channel_id: ctx.channelId,
    app_permissions: ctx.appPermissions.toString(),
    locale: ctx.locale,
    entitlements: [],
    authorizing_integration_owners: { '0': ctx.guild ? ctx.guild.id : '0' },
    context: ctx.guild ? 0 : 1,
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (ctx.guild && ctx.member) {
    payload['guild_id'] = ctx.guild.id;
    payload['guild'] = { id: ctx.guild.id, locale: ctx.guild.preferredLocale, features: [] };
    payload['guild_locale'] = ctx.guild.preferredLocale;
    payload['member'] = { ...memberJson(ctx.member), permissions: (ctx.permissions ?? 0n).toString() };
  } else {
    payload['user'] = { ...ctx.user };
  }
  if (source) payload['message'] = { ...source };
  const session = sessionFor(state.gateway, ctx.guild?.id ?? null);
  const handle = new InteractionHandle(id, token, type, payload, Date.now(), source?.id ?? null, (mid) => state.messages.get(mid));
  state.interactions.set(id, handle);
  state.gateway.dispatch(session, 'INTERACTION_CREATE', payload);
  return handle;
}
