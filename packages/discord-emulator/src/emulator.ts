/**
 * A loopback Discord API (REST /api/v10 + v10 gateway) for tests that drive the real
 * discord.js Client. See README.md for what is and is not emulated.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
} from 'discord-api-types/v10';
import type { APIAttachment, APIUser } from 'discord-api-types/v10';
import { Gateway } from './gateway.js';
import type { GatewayConnection, GatewaySession } from './gateway.js';
import { parseBody, readBody, sendJson } from './http.js';
import type { RecordedRequest } from './http.js';
import { InteractionHandle, buildOptions } from './interactions.js';
import { checkAgainstSpec } from './openapi-check.js';
import type { SpecViolation } from './openapi-check.js';
import type { InteractionEvent, OptionValues, RawOption } from './interactions.js';
import {
  applyBody,
  computePings,
  newMessage,
  validateChoices,
  validateMessageBody,
} from './messages.js';
import type { CallbackBody, DiscordErrorBody, EmulatedMessage, WireMessageBody } from './messages.js';
import {
  buildGuild,
  channelJson,
  guildCreateJson,
  makeUser,
  memberJson,
  memberPermissions,
  roleJson,
  toBigInt,
} from './model.js';
import type { Guild, GuildSpec, Json, Member, UserSpec } from './model.js';
import { shardIdForGuild, snowflake } from './snowflake.js';

export type { RecordedRequest, RecordedFile } from './http.js';
export type { InteractionEvent, InteractionEventKind, OptionValues, RawOption } from './interactions.js';
export { InteractionHandle } from './interactions.js';
export type { CallbackBody, DiscordErrorBody, EmulatedMessage, Pings, WireMessageBody } from './messages.js';
export { computePings } from './messages.js';
export type { Guild, GuildSpec, MemberSpec, RoleSpec, ChannelSpec, UserSpec, Member, Role, Channel } from './model.js';
export { ALL_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS } from './model.js';
export type { GatewayConnection, GatewaySession } from './gateway.js';
export { guildIdForShard, shardIdForGuild, snowflake, snowflakeTimestamp } from './snowflake.js';

export interface DiscordEmulatorOptions {
  /** Bot token the emulator accepts (REST `Authorization: Bot <token>` and IDENTIFY/RESUME). */
  token?: string;
  applicationId?: string;
  botUsername?: string;
  /** Application flags sent in READY (default 0). */
  applicationFlags?: number;
  /** Guilds the bot is in (default: one guild with an owner, a member and #general). */
  guilds?: GuildSpec[];
  /** op 10 HELLO heartbeat_interval in ms (Discord: 41250). Default 41250. */
  heartbeatIntervalMs?: number;
  /** Interactions must be acknowledged within this many ms of dispatch (Discord: 3000). */
  ackDeadlineMs?: number;
  /**
   * Check every request against Discord's OpenAPI spec (default true). Load runs turn it off: there
   * the emulator stands in for Discord's servers, and its checking would take the bot's CPU.
   */
  checkSpec?: boolean;
  /** Interaction tokens (edits, follow-ups) live this long (Discord: 15 min). */
  tokenLifetimeMs?: number;
  /** GET /gateway/bot `shards` (recommended shard count). Default 1. */
  recommendedShards?: number;
  /** session_start_limit.max_concurrency. Default 16 so multi-shard tests need not wait 5 s per IDENTIFY. */
  maxConcurrency?: number;
  /** Port to listen on (default 0: a random free port). */
  port?: number;
}

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

export interface FailureInjection {
  method?: string;
  /** Matched against the decoded path below /api/v10. */
  path: string | RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many requests to fail (default 1). */
  times?: number;
}

export interface StoredCommand extends Json {
  id: string;
  application_id: string;
  version: string;
  type: number;
  name: string;
  description: string;
  guild_id?: string;
  options?: Json[];
}

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

const err = (message: string, code: number): DiscordErrorBody => ({ message, code });
const UNKNOWN_INTERACTION = err('Unknown interaction', 10062);
const ALREADY_ACKNOWLEDGED = err('Interaction has already been acknowledged.', 40060);
const UNKNOWN_WEBHOOK = err('Unknown Webhook', 10015);
const UNKNOWN_MESSAGE = err('Unknown Message', 10008);
const INVALID_WEBHOOK_TOKEN = err('Invalid Webhook Token', 50027);

interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export class DiscordEmulator {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly guilds: Guild[];
  /** Every REST request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Requests that do not fit Discord's OpenAPI spec (see openapi-check.ts), in order. */
  readonly specViolations: SpecViolation[] = [];
  /** Registered commands: key 'global' or a guild id. */
  readonly commands = new Map<string, StoredCommand[]>();
  /** Every message created through the API (interaction responses, follow-ups, channel messages). */
  readonly messages = new Map<string, EmulatedMessage>();
  readonly interactions = new Map<string, InteractionHandle>();
  readonly gateway: Gateway;

  private readonly opts: Required<Omit<DiscordEmulatorOptions, 'guilds' | 'token' | 'applicationId' | 'botUsername'>>;
  private server: Server | null = null;
  private port = 0;
  private readonly users = new Map<string, APIUser>();
  private readonly dmChannels = new Map<string, string>();
  private failures: FailureInjection[] = [];
  /** Files added with addAttachment, served at their url. */
  private readonly attachments = new Map<string, { attachment: APIAttachment; bytes: Buffer; urlName: string; redirectTo?: string }>();
  /** Ids of attachments downloaded (GET of their url), in order. */
  readonly attachmentDownloads: string[] = [];

  constructor(options: DiscordEmulatorOptions = {}) {
    this.applicationId = options.applicationId ?? snowflake();
    this.token =
      options.token ??
      `${Buffer.from(this.applicationId).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(20).toString('base64url')}`;
    this.botUser = makeUser({ id: this.applicationId, username: options.botUsername ?? 'EmulatedBot', bot: true });
    this.botUser.global_name = null;
    this.opts = {
      applicationFlags: options.applicationFlags ?? 0,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41250,
      ackDeadlineMs: options.ackDeadlineMs ?? 3000,
      tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60 * 1000,
      recommendedShards: options.recommendedShards ?? 1,
      maxConcurrency: options.maxConcurrency ?? 16,
      port: options.port ?? 0,
      checkSpec: options.checkSpec ?? true,
    };
    this.guilds = (options.guilds ?? [{}]).map((g, i) => buildGuild(g, this.botUser, i));
    this.users.set(this.botUser.id, this.botUser);
    for (const g of this.guilds) for (const m of g.members) this.users.set(m.user.id, m.user);
    this.gateway = new Gateway({
      token: () => this.token,
      heartbeatIntervalMs: this.opts.heartbeatIntervalMs,
      gatewayUrl: () => this.gatewayUrl,
      resumeUrl: () => this.resumeGatewayUrl,
      readyData: (shard) => ({
        v: 10,
        user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0, email: null },
        guilds: this.guilds
          .filter((g) => shardIdForGuild(g.id, shard[1]) === shard[0])
          .map((g) => ({ id: g.id, unavailable: true })),
        application: { id: this.applicationId, flags: this.opts.applicationFlags },
        private_channels: [],
        presences: [],
        relationships: [],
        user_settings: {},
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        _trace: ['["discord-emulator",{"micros":0}]'],
      }),
      guildsForShard: (shard) =>
        this.guilds.filter((g) => shardIdForGuild(g.id, shard[1]) === shard[0]).map((g) => guildCreateJson(g, this.applicationId)),
    });
  }

  // ---------------------------------------------------------------- lifecycle

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => void this.onRequest(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.gateway.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await this.gateway.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Pass as discord.js `rest.api` (discord.js appends /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.requirePort()}/api`;
  }
  /** The url GET /gateway/bot hands out. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.requirePort()}/gateway`;
  }
  /** READY's resume_gateway_url (a different path, so tests can tell resumes apart). */
  get resumeGatewayUrl(): string {
    return `ws://127.0.0.1:${this.requirePort()}/resume`;
  }

  private requirePort(): number {
    if (!this.port) throw new Error('DiscordEmulator: call start() first');
    return this.port;
  }

  // ---------------------------------------------------------------- test helpers: gateway

  /** Every WebSocket connection so far. */
  get connections(): readonly GatewayConnection[] {
    return this.gateway.connections;
  }
  /** Sessions currently connected (one per shard of a logged-in client). */
  get liveSessions(): GatewaySession[] {
    return this.gateway.liveSessions();
  }
  /** How many IDENTIFYs were answered with READY. */
  get identifyCount(): number {
    return this.gateway.sessions.length;
  }

  /**
   * Resolves once a client has identified (or resumed) every shard 0..count-1, where count is
   * the shard count it identified with (or `shardCount`, if given) and each live session has
   * received its guilds.
   */
  waitForReady(options: { shardCount?: number; timeoutMs?: number } = {}): Promise<void> {
    const check = (): boolean => {
      const count = options.shardCount ?? this.gateway.shardCount();
      if (count === null) return false;
      const live = this.gateway.liveSessions();
      for (let id = 0; id < count; id++) if (!live.some((s) => s.shard[0] === id && s.shard[1] === count)) return false;
      return true;
    };
    return this.waitForGateway(check, options.timeoutMs ?? 10_000, 'all shards to be ready');
  }

  /** Resolves when the next RESUME (after this call) has been answered with RESUMED. */
  waitForResume(timeoutMs = 10_000): Promise<GatewaySession> {
    return this.nextSession('resume', 'RESUME', timeoutMs);
  }

  /** Resolves when the next IDENTIFY (after this call) has been answered with READY. */
  waitForIdentify(timeoutMs = 10_000): Promise<GatewaySession> {
    return this.nextSession('identify', 'IDENTIFY', timeoutMs);
  }

  private nextSession(event: 'resume' | 'identify', op: string, timeoutMs: number): Promise<GatewaySession> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.gateway.off(event, on);
        reject(new Error(`DiscordEmulator: no ${op} within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      const on = (s: GatewaySession): void => {
        clearTimeout(timer);
        resolve(s);
      };
      this.gateway.once(event, on);
    });
  }

  /**
   * Close the live socket(s) abnormally. No code: TCP-level terminate (the client sees 1006).
   * 4000 etc.: a close frame with that code. Either way discord.js should RESUME at
   * resume_gateway_url; dispatches sent meanwhile are queued and replayed. Returns how many
   * sockets were closed.
   */
  dropConnection(code?: number, shardId?: number): number {
    return this.gateway.drop(code, shardId);
  }

  /**
   * Until releaseGateway(), new gateway connections open but get no HELLO, as when Discord's gateway
   * is slow: a client that lost its connection stays without one (discord.js waits 60 s for HELLO).
   */
  holdGateway(): void {
    this.gateway.hold();
  }

  releaseGateway(): void {
    this.gateway.release();
  }

  /** Send op 9 INVALID_SESSION; with resumable=false the client must IDENTIFY afresh. */
  invalidateSession(resumable = false, shardId?: number): number {
    return this.gateway.invalidate(resumable, shardId);
  }

  /** Send op 7 RECONNECT; the client reconnects and resumes. */
  requestReconnect(shardId?: number): number {
    return this.gateway.requestReconnect(shardId);
  }

  /** Dispatch any gateway event to the shard that owns `guildId` (null: shard 0). */
  dispatch(t: string, d: unknown, guildId: string | null = null): void {
    this.gateway.dispatch(this.sessionFor(guildId), t, d);
  }

  private waitForGateway(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const on = (): void => {
        if (!check()) return;
        clearTimeout(timer);
        this.gateway.off('change', on);
        resolve();
      };
      const timer = setTimeout(() => {
        this.gateway.off('change', on);
        reject(new Error(`DiscordEmulator: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      timer.unref();
      this.gateway.on('change', on);
    });
  }

  private sessionFor(guildId: string | null): GatewaySession {
    const count = this.gateway.shardCount();
    if (count === null) throw new Error('DiscordEmulator: no client has identified yet (await waitForReady())');
    const shardId = guildId === null ? 0 : shardIdForGuild(guildId, count);
    const session = this.gateway.sessionForShard(shardId);
    if (!session) throw new Error(`DiscordEmulator: no gateway session for shard ${shardId}`);
    return session;
  }

  // ---------------------------------------------------------------- test helpers: REST

  /** Requests matching a method and a path (string: exact or prefix ending with '/'; RegExp: test). */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && matchPath(path, r.path));
  }

  /** Answer the next matching request(s) with an error, e.g. a 429 with Retry-After or a 500. */
  failNext(failure: FailureInjection): void {
    this.failures.push({ times: 1, ...failure });
  }

  /** Commands registered globally (no argument) or for a guild. */
  registeredCommands(guildId?: string): StoredCommand[] {
    return [...(this.commands.get(guildId ?? 'global') ?? [])];
  }

  guild(id?: string): Guild {
    const g = id === undefined ? this.guilds[0] : this.guilds.find((x) => x.id === id);
    if (!g) throw new Error(`DiscordEmulator: unknown guild ${id ?? '(none configured)'}`);
    return g;
  }

  // ---------------------------------------------------------------- test helpers: attachments

  /**
   * Stores a file as if a user had uploaded it, served by this emulator at the returned `url`
   * (`GET /attachments/{id}/{filename}`). Pass its `id` as an attachment option's value:
   * sendChatInput then fills `data.resolved.attachments`. `size` may be set to lie about the length.
   * A forged payload: `url` replaces the address the interaction claims (the file stays served at its
   * own); `redirectTo` makes the served address answer 302 to another one.
   */
  addAttachment(
    filename: string,
    bytes: Uint8Array | string,
    options: { contentType?: string | null; size?: number; url?: string; redirectTo?: string } = {},
  ): APIAttachment {
    const id = snowflake();
    const body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
    // "." and ".." would be dot segments of the URL path: they are served as "_" and "__".
    const urlName = filename === '.' || filename === '..' ? filename.replace(/\./g, '_') : filename;
    const served = `http://127.0.0.1:${this.requirePort()}/attachments/${id}/${encodeURIComponent(urlName)}`;
    const url = options.url ?? served;
    const attachment: APIAttachment = { id, filename, size: options.size ?? body.length, url, proxy_url: url };
    const contentType = options.contentType === undefined ? 'text/plain; charset=utf-8' : options.contentType;
    if (contentType !== null) attachment.content_type = contentType;
    this.attachments.set(id, { attachment, bytes: body, urlName, ...(options.redirectTo ? { redirectTo: options.redirectTo } : {}) });
    return attachment;
  }

  // ---------------------------------------------------------------- test helpers: interactions

  /** Dispatch a slash command (INTERACTION_CREATE type 2, data.type 1). */
  sendChatInput(o: ChatInputOptions): InteractionHandle {
    return this.sendCommandLike(o, InteractionType.ApplicationCommand, undefined);
  }

  /** Dispatch an autocomplete request (type 4) with `focused` marking the option being typed. */
  sendAutocomplete(o: AutocompleteOptions): InteractionHandle {
    return this.sendCommandLike(o, InteractionType.ApplicationCommandAutocomplete, o.focused);
  }

  /** Dispatch a message component interaction (type 3): a button click or a select. */
  sendComponent(o: ComponentOptions): InteractionHandle {
    const ctx = this.resolveContext(o);
    const componentType = o.componentType ?? ComponentType.Button;
    const message = this.resolveSourceMessage(o.message, ctx, () => ({
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
    return this.dispatchInteraction(InteractionType.MessageComponent, data, ctx, message);
  }

  /** Dispatch a message context-menu command (type 2, data.type 3, target_id, resolved.messages). */
  sendMessageCommand(o: MessageCommandOptions): InteractionHandle {
    const ctx = this.resolveContext(o);
    let target: EmulatedMessage;
    if (typeof o.target === 'string' || 'timestamp' in o.target) {
      target = this.resolveSourceMessage(o.target as EmulatedMessage | string, ctx, () => ({ content: '' }));
    } else {
      const spec = o.target;
      const author = spec.author === undefined ? ctx.user : this.resolveUser(spec.author);
      target = {
        ...newMessage({
          type: MessageType.Default,
          channelId: ctx.channelId,
          guildId: ctx.guild?.id ?? null,
          author,
          applicationId: this.applicationId,
          body: { content: spec.content, embeds: (spec.embeds ?? []) as never },
          knownUsers: (id) => this.users.get(id),
        }),
      };
      if (spec.id) target.id = spec.id;
      delete (target as Partial<EmulatedMessage>).webhook_id;
      delete (target as Partial<EmulatedMessage>).application_id;
      this.messages.set(target.id, target);
    }
    const command = this.findCommand(o.name, ApplicationCommandType.Message, ctx.guild?.id ?? null);
    const data: Json = {
      id: command?.id ?? snowflake(),
      name: o.name,
      type: ApplicationCommandType.Message,
      target_id: target.id,
      resolved: { messages: { [target.id]: { ...target } } },
    };
    if (command?.guild_id) data['guild_id'] = command.guild_id;
    return this.dispatchInteraction(InteractionType.ApplicationCommand, data, ctx, null);
  }

  /** Dispatch a modal submission (type 5) with text input values. */
  sendModalSubmit(o: ModalSubmitOptions): InteractionHandle {
    const ctx = this.resolveContext(o);
    const message = o.message === undefined ? null : this.resolveSourceMessage(o.message, ctx, () => ({ content: '' }));
    const data: Json = {
      custom_id: o.customId,
      components: Object.entries(o.fields).map(([custom_id, value], i) => ({
        type: ComponentType.ActionRow,
        id: i * 2 + 1,
        components: [{ type: ComponentType.TextInput, id: i * 2 + 2, custom_id, value }],
      })),
    };
    return this.dispatchInteraction(InteractionType.ModalSubmit, data, ctx, message);
  }

  private sendCommandLike(o: ChatInputOptions, type: InteractionType, focused: string | undefined): InteractionHandle {
    const ctx = this.resolveContext(o);
    const command = this.findCommand(o.name, ApplicationCommandType.ChatInput, ctx.guild?.id ?? null);
    const options = buildOptions(
      o.options,
      command?.options as Parameters<typeof buildOptions>[1],
      o.subcommand,
      o.subcommandGroup,
      focused,
    );
    const data: Json = { id: command?.id ?? snowflake(), name: o.name, type: ApplicationCommandType.ChatInput };
    if (options.length) data['options'] = options;
    const attachments = this.resolvedAttachments(options);
    if (o.resolved || attachments) data['resolved'] = { ...(attachments ? { attachments } : {}), ...o.resolved };
    if (command?.guild_id) data['guild_id'] = command.guild_id;
    return this.dispatchInteraction(type, data, ctx, null);
  }

  /** `resolved.attachments` for attachment options (type 11) whose value is an addAttachment id. */
  private resolvedAttachments(options: RawOption[]): Record<string, APIAttachment> | undefined {
    const found: Record<string, APIAttachment> = {};
    const visit = (list: RawOption[]): void => {
      for (const option of list) {
        const stored = option.type === 11 && typeof option.value === 'string' ? this.attachments.get(option.value) : undefined;
        if (stored) found[stored.attachment.id] = { ...stored.attachment };
        if (option.options) visit(option.options);
      }
    };
    visit(options);
    return Object.keys(found).length > 0 ? found : undefined;
  }

  private findCommand(name: string, type: number, guildId: string | null): StoredCommand | undefined {
    const match = (c: StoredCommand): boolean => c.name === name && c.type === type;
    return (guildId ? this.commands.get(guildId)?.find(match) : undefined) ?? this.commands.get('global')?.find(match);
  }

  private resolveUser(u: string | UserSpec): APIUser {
    if (typeof u === 'string') {
      const known = this.users.get(u);
      if (!known) throw new Error(`DiscordEmulator: unknown user ${u}`);
      return known;
    }
    if (u.id && this.users.has(u.id)) return this.users.get(u.id) as APIUser;
    const user = makeUser(u);
    this.users.set(user.id, user);
    return user;
  }

  private resolveContext(o: InteractionContext): Ctx {
    const guild = o.guildId === null ? null : this.guild(o.guildId);
    let user: APIUser;
    let member: Member | null = null;
    if (o.user === undefined) {
      if (guild) {
        const humans = guild.members.filter((m) => !m.user.bot);
        member = humans.find((m) => m.user.id !== guild.ownerId) ?? humans[0] ?? null;
        if (!member) throw new Error(`DiscordEmulator: guild ${guild.id} has no human member`);
        user = member.user;
      } else {
        const first = this.guilds[0]?.members.find((m) => !m.user.bot);
        user = first?.user ?? this.resolveUser({ username: 'dm-user' });
      }
    } else {
      user = this.resolveUser(o.user);
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
      channelId = o.channelId ?? this.dmChannelFor(user.id);
      channel = { id: channelId, type: ChannelType.DM, last_message_id: null, flags: 0, recipients: [{ ...user }] };
    }
    const botMember = guild?.members.find((m) => m.user.id === this.botUser.id);
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

  private dmChannelFor(userId: string): string {
    let id = this.dmChannels.get(userId);
    if (!id) {
      id = snowflake();
      this.dmChannels.set(userId, id);
    }
    return id;
  }

  private resolveSourceMessage(m: EmulatedMessage | string | undefined, ctx: Ctx, make: () => WireMessageBody): EmulatedMessage {
    if (typeof m === 'string') {
      const found = this.messages.get(m);
      if (!found) throw new Error(`DiscordEmulator: unknown message ${m}`);
      return found;
    }
    if (m) return this.messages.get(m.id) ?? m;
    const msg = newMessage({
      type: MessageType.Default,
      channelId: ctx.channelId,
      guildId: ctx.guild?.id ?? null,
      author: this.botUser,
      applicationId: this.applicationId,
      body: make(),
      knownUsers: (id) => this.users.get(id),
    });
    this.messages.set(msg.id, msg);
    return msg;
  }

  private dispatchInteraction(type: InteractionType, data: Json, ctx: Ctx, source: EmulatedMessage | null): InteractionHandle {
    const id = snowflake();
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
    const payload: Json = {
      id,
      application_id: this.applicationId,
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
    const session = this.sessionFor(ctx.guild?.id ?? null);
    const handle = new InteractionHandle(id, token, type, payload, Date.now(), source?.id ?? null, (mid) => this.messages.get(mid));
    this.interactions.set(id, handle);
    this.gateway.dispatch(session, 'INTERACTION_CREATE', payload);
    return handle;
  }

  // ---------------------------------------------------------------- REST

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/attachments/')) return this.serveAttachment(req, res, url);
    const at = Date.now();
    const raw = await readBody(req);
    const contentType = req.headers['content-type'] ?? null;
    const parsed = await parseBody(raw, contentType);
    const prefix = '/api/v10';
    const inApi = url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
    const path = inApi
      ? url.pathname
          .slice(prefix.length)
          .split('/')
          .map((s) => {
            try {
              return decodeURIComponent(s);
            } catch {
              return s;
            }
          })
          .join('/') || '/'
      : url.pathname;
    const record: RecordedRequest = {
      at,
      method: req.method ?? 'GET',
      path,
      rawPath: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization ?? null,
      contentType,
      userAgent: req.headers['user-agent'] ?? null,
      body: parsed.body,
      files: parsed.files,
      status: 0,
      response: undefined,
    };
    this.requests.push(record);
    let result: RouteResult;
    try {
      const failure = this.takeFailure(record);
      if (failure) result = failure;
      else if (!inApi) result = { status: 404, body: err('404: Not Found', 0) };
      else if (parsed.invalid) result = { status: 400, body: err('The request body contains invalid JSON.', 50109) };
      else result = this.route(record);
    } catch (e) {
      result = { status: 500, body: err(`500: emulator error: ${(e as Error).message}`, 0) };
    }
    record.status = result.status;
    record.response = result.body;
    sendJson(res, result.status, result.body, result.headers);
    const violation = inApi && this.opts.checkSpec ? checkAgainstSpec(record, parsed.invalid) : null;
    if (violation) this.specViolations.push(violation);
  }

  /** The CDN part: GET /attachments/{id}/{filename} answers the stored bytes (no auth, like Discord's signed URLs). */
  private serveAttachment(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const [, , id, name = ''] = url.pathname.split('/');
    const stored = id ? this.attachments.get(id) : undefined;
    let filename: string | null = null;
    try {
      filename = decodeURIComponent(name);
    } catch {
      // a malformed name matches no attachment
    }
    if (!stored || req.method !== 'GET' || filename !== stored.urlName) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404: Not Found');
      return;
    }
    this.attachmentDownloads.push(stored.attachment.id);
    if (stored.redirectTo) {
      res.writeHead(302, { location: stored.redirectTo, 'content-length': '0' });
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': stored.attachment.content_type ?? 'application/octet-stream',
      'content-length': String(stored.bytes.length),
    });
    res.end(stored.bytes);
  }

  private takeFailure(r: RecordedRequest): RouteResult | null {
    const i = this.failures.findIndex((f) => (!f.method || f.method.toUpperCase() === r.method) && matchPath(f.path, r.path));
    if (i < 0) return null;
    const f = this.failures[i] as FailureInjection;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.failures.splice(i, 1);
    const headers: Record<string, string> = { ...f.headers };
    let body = f.body;
    if (f.status === 429) {
      headers['retry-after'] ??= '0.05';
      headers['x-ratelimit-scope'] ??= 'user';
      body ??= { message: 'You are being rate limited.', retry_after: Number(headers['retry-after']), global: false };
    }
    return { status: f.status, body: body ?? err(`${f.status}: injected failure`, 0), headers };
  }

  private route(r: RecordedRequest): RouteResult {
    const seg = r.path.split('/').filter((s) => s !== '');
    const m = r.method;
    const is = (method: string, ...pattern: string[]): boolean =>
      m === method && seg.length === pattern.length && pattern.every((p, i) => p === '*' || p === seg[i]);
    const s = (i: number): string => seg[i] ?? '';

    // Interaction callbacks and webhooks authenticate by the token in the path.
    if (is('POST', 'interactions', '*', '*', 'callback')) return this.onCallback(s(1), s(2), r);
    if (s(0) === 'webhooks') return this.onWebhook(seg, r);
    if (is('GET', 'gateway')) return { status: 200, body: { url: this.gatewayUrl } };

    if (r.authorization !== `Bot ${this.token}`) return { status: 401, body: err('401: Unauthorized', 0) };

    if (is('GET', 'gateway', 'bot')) {
      return {
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: this.opts.recommendedShards,
          session_start_limit: {
            total: 1000,
            remaining: Math.max(0, 1000 - this.gateway.sessions.length),
            reset_after: 86_400_000,
            max_concurrency: this.opts.maxConcurrency,
          },
        },
      };
    }
    if (is('GET', 'users', '@me')) return { status: 200, body: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0 } };
    if (is('GET', 'applications', '@me') || is('GET', 'oauth2', 'applications', '@me')) return { status: 200, body: this.applicationJson() };
    if (s(0) === 'applications' && s(2) === 'commands') return this.onCommands(m, 'global', seg.slice(3), r, s(1));
    if (s(0) === 'applications' && s(2) === 'guilds' && s(4) === 'commands') {
      if (!this.guilds.some((g) => g.id === s(3))) return { status: 403, body: err('Missing Access', 50001) };
      return this.onCommands(m, s(3), seg.slice(5), r, s(1));
    }
    if (is('GET', 'guilds', '*')) {
      const g = this.guilds.find((x) => x.id === s(1));
      return g ? { status: 200, body: { ...guildCreateJson(g, this.applicationId), members: undefined, channels: undefined } } : { status: 404, body: err('Unknown Guild', 10004) };
    }
    if (is('GET', 'guilds', '*', 'channels')) {
      const g = this.guilds.find((x) => x.id === s(1));
      return g ? { status: 200, body: g.channels.map(channelJson) } : { status: 404, body: err('Unknown Guild', 10004) };
    }
    if (is('GET', 'guilds', '*', 'roles')) {
      const g = this.guilds.find((x) => x.id === s(1));
      return g ? { status: 200, body: g.roles.map(roleJson) } : { status: 404, body: err('Unknown Guild', 10004) };
    }
    if (is('GET', 'guilds', '*', 'members', '*')) {
      const g = this.guilds.find((x) => x.id === s(1));
      if (!g) return { status: 404, body: err('Unknown Guild', 10004) };
      const mem = g.members.find((x) => x.user.id === s(3));
      return mem ? { status: 200, body: memberJson(mem) } : { status: 404, body: err('Unknown Member', 10007) };
    }
    if (is('GET', 'channels', '*')) {
      const c = this.guilds.flatMap((g) => g.channels).find((x) => x.id === s(1));
      return c ? { status: 200, body: channelJson(c) } : { status: 404, body: err('Unknown Channel', 10003) };
    }
    if (is('GET', 'channels', '*', 'messages', '*')) {
      const msg = this.messages.get(s(3));
      return msg && msg.channel_id === s(1) && !(msg.flags & MessageFlags.Ephemeral)
        ? { status: 200, body: msg }
        : { status: 404, body: err('Unknown Message', 10008) };
    }
    if (is('POST', 'channels', '*', 'messages')) {
      const c = this.guilds.flatMap((g) => g.channels).find((x) => x.id === s(1));
      if (!c) return { status: 404, body: err('Unknown Channel', 10003) };
      const body = (r.body ?? {}) as WireMessageBody;
      const invalid = validateMessageBody(body, { requireNonEmpty: r.files.length === 0 });
      if (invalid) return { status: 400, body: invalid };
      const msg = newMessage({
        type: MessageType.Default,
        channelId: c.id,
        guildId: c.guildId,
        author: this.botUser,
        applicationId: this.applicationId,
        body: { ...body, flags: (body.flags ?? 0) & ~MessageFlags.Ephemeral },
        knownUsers: (id) => this.users.get(id),
      });
      delete (msg as Partial<EmulatedMessage>).webhook_id;
      this.messages.set(msg.id, msg);
      return { status: 200, body: msg };
    }
    if (is('PATCH', 'channels', '*', 'messages', '*')) {
      const msg = this.messages.get(s(3));
      if (!msg || msg.channel_id !== s(1) || msg.flags & MessageFlags.Ephemeral) return { status: 404, body: err('Unknown Message', 10008) };
      if (msg.author.id !== this.botUser.id) return { status: 403, body: err('Cannot edit a message authored by another user', 50005) };
      const body = (r.body ?? {}) as WireMessageBody;
      const invalid = validateMessageBody(body, { requireNonEmpty: false });
      if (invalid) return { status: 400, body: invalid };
      applyBody(msg, { ...body, ...(body.flags != null ? { flags: body.flags & ~MessageFlags.Ephemeral } : {}) }, (id) => this.users.get(id));
      msg.edited_timestamp = new Date().toISOString();
      return { status: 200, body: msg };
    }
    return { status: 404, body: err('404: Not Found', 0) };
  }

  private applicationJson(): Json {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: randomBytes(32).toString('hex'),
      flags: this.opts.applicationFlags,
      bot: { ...this.botUser },
      owner: { ...(this.guilds[0]?.members.find((m) => !m.user.bot)?.user ?? this.botUser) },
      team: null,
      approximate_guild_count: this.guilds.length,
      redirect_uris: [],
      interactions_endpoint_url: null,
      tags: [],
      integration_types_config: { '0': {} },
    };
  }

  // ---- application commands

  private onCommands(method: string, scope: string, rest: string[], r: RecordedRequest, appId: string): RouteResult {
    if (appId !== this.applicationId) return { status: 403, body: err('Missing Access', 50001) };
    const list = this.commands.get(scope) ?? [];
    const commandId = rest[0];
    if (rest.length === 0) {
      if (method === 'GET') return { status: 200, body: list };
      if (method === 'PUT') {
        if (!Array.isArray(r.body)) return { status: 400, body: formError([], 'BASE_TYPE_ARRAY', 'Must be an array.') };
        const bodies = r.body as Json[];
        if (bodies.length > 100) return { status: 400, body: formError([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.') };
        const problems = bodies.map((b, i) => validateCommand(b, [i])).find((e) => e !== null);
        if (problems) return { status: 400, body: problems };
        const next = bodies.map((b) => {
          const existing = list.find((c) => c.name === b['name'] && c.type === ((b['type'] as number | undefined) ?? 1));
          return this.storeCommand(b, scope, existing?.id);
        });
        this.commands.set(scope, next);
        return { status: 200, body: next };
      }
      if (method === 'POST') {
        const b = (r.body ?? {}) as Json;
        const problem = validateCommand(b, []);
        if (problem) return { status: 400, body: problem };
        const idx = list.findIndex((c) => c.name === b['name'] && c.type === ((b['type'] as number | undefined) ?? 1));
        const stored = this.storeCommand(b, scope, idx >= 0 ? list[idx]?.id : undefined);
        if (idx >= 0) list[idx] = stored;
        else list.push(stored);
        this.commands.set(scope, list);
        return { status: idx >= 0 ? 200 : 201, body: stored };
      }
    } else if (rest.length === 1 && commandId) {
      const idx = list.findIndex((c) => c.id === commandId);
      if (idx < 0) return { status: 404, body: err('Unknown application command', 10063) };
      if (method === 'GET') return { status: 200, body: list[idx] };
      if (method === 'DELETE') {
        list.splice(idx, 1);
        return { status: 204 };
      }
      if (method === 'PATCH') {
        const merged = { ...(list[idx] as StoredCommand), ...((r.body ?? {}) as Json) };
        const problem = validateCommand(merged, []);
        if (problem) return { status: 400, body: problem };
        const stored = this.storeCommand(merged, scope, commandId);
        list[idx] = stored;
        return { status: 200, body: stored };
      }
    }
    return { status: 405, body: err('405: Method Not Allowed', 0) };
  }

  private storeCommand(b: Json, scope: string, id: string | undefined): StoredCommand {
    const type = (b['type'] as number | undefined) ?? ApplicationCommandType.ChatInput;
    const cmd: StoredCommand = {
      default_member_permissions: null,
      contexts: null,
      integration_types: [0],
      nsfw: false,
      ...b,
      id: id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      type,
      name: String(b['name']),
      description: type === ApplicationCommandType.ChatInput ? String(b['description'] ?? '') : '',
    };
    if (scope !== 'global') cmd.guild_id = scope;
    return cmd;
  }

  // ---- interaction callbacks

  private onCallback(id: string, token: string, r: RecordedRequest): RouteResult {
    const h = this.interactions.get(id);
    const body = (r.body ?? {}) as CallbackBody;
    const reject = (status: number, error: DiscordErrorBody): RouteResult => {
      h?.record(this.event(h, 'rejected', r, status, { body, data: body.data, callbackType: body.type, error }));
      return { status, body: error };
    };
    if (!h || h.token !== token) return reject(404, UNKNOWN_INTERACTION);
    if (h.acknowledged) return reject(400, ALREADY_ACKNOWLEDGED);
    if (r.at - h.dispatchedAt > this.opts.ackDeadlineMs) return reject(404, UNKNOWN_INTERACTION);
    if (!(CALLBACKS_FOR[h.type] ?? []).includes(body.type)) {
      return reject(400, formError(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', 'Interaction response type is not valid for this interaction.'));
    }
    const data: WireMessageBody = body.data ?? {};
    let message: EmulatedMessage | undefined;
    switch (body.type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        const invalid = validateMessageBody(data, { prefix: ['data'], requireNonEmpty: r.files.length === 0 });
        if (invalid) return reject(400, invalid);
        message = this.createInteractionMessage(h, data, true);
        h.originalMessageId = message.id;
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const flags = (data.flags ?? 0) & MessageFlags.Ephemeral;
        message = this.createInteractionMessage(h, { content: '', flags }, true);
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
        const src = h.sourceMessageId ? this.messages.get(h.sourceMessageId) : undefined;
        if (!src) return reject(404, UNKNOWN_MESSAGE);
        applyBody(src, data, (uid) => this.users.get(uid));
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
    const ev = this.event(h, 'callback', r, r.query['with_response'] === 'true' ? 200 : 204, {
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

  private createInteractionMessage(h: InteractionHandle, body: WireMessageBody, original: boolean): EmulatedMessage {
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
      author: this.botUser,
      applicationId: this.applicationId,
      body,
      interactionMetadata: metadata,
      knownUsers: (id) => this.users.get(id),
    });
    if (isCommand) msg.interaction = { id: h.id, type: h.type, name: data['name'], user: { ...user } };
    this.messages.set(msg.id, msg);
    return msg;
  }

  // ---- webhooks (edits and follow-ups)

  private onWebhook(seg: string[], r: RecordedRequest): RouteResult {
    const appId = seg[1] ?? '';
    const token = seg[2] ?? '';
    const h = [...this.interactions.values()].find((x) => x.token === token);
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
      h?.record(this.event(h, 'rejected', r, status, { body: r.body as WireMessageBody, data: r.body as WireMessageBody, error }));
      return { status, body: error };
    };
    if (!h || appId !== this.applicationId || h.type === InteractionType.ApplicationCommandAutocomplete) return reject(404, UNKNOWN_WEBHOOK);
    if (r.at - h.dispatchedAt > this.opts.tokenLifetimeMs) return reject(401, INVALID_WEBHOOK_TOKEN);
    if (!h.acknowledged) return reject(404, UNKNOWN_WEBHOOK);

    if (kind === 'followup') {
      const body = (r.body ?? {}) as WireMessageBody;
      const invalid = validateMessageBody(body, { requireNonEmpty: r.files.length === 0 });
      if (invalid) return reject(400, invalid);
      const msg = this.createInteractionMessage(h, body, false);
      h.followUpMessageIds.push(msg.id);
      h.record(
        this.event(h, 'followup', r, 200, {
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
    const msg = owned && messageId ? this.messages.get(messageId) : undefined;
    if (!msg) return reject(404, UNKNOWN_MESSAGE);
    if (r.method === 'GET') return { status: 200, body: msg };
    if (kind === 'delete') {
      this.messages.delete(msg.id);
      if (messageId === h.originalMessageId) h.originalMessageId = null;
      h.record(this.event(h, 'delete', r, 204, { body: null, data: undefined, message: structuredClone(msg) }));
      return { status: 204 };
    }
    if (kind === 'edit') {
      const body = (r.body ?? {}) as WireMessageBody;
      const invalid = validateMessageBody(body, { requireNonEmpty: false });
      if (invalid) return reject(400, invalid);
      // Embeds count as content even when SUPPRESS_EMBEDS then hides them: Discord accepts the edit.
      const embedsSent = body.embeds !== undefined ? (body.embeds ?? []).length : msg.embeds.length;
      const next = structuredClone(msg);
      applyBody(next, body, (uid) => this.users.get(uid));
      next.flags &= ~MessageFlags.Loading;
      if (!next.content.trim() && !embedsSent && !next.components.length && !next.attachments.length && r.files.length === 0) {
        return reject(400, err('Cannot send an empty message', 50006));
      }
      next.edited_timestamp = new Date().toISOString();
      this.messages.set(next.id, next);
      h.record(
        this.event(h, 'edit', r, 200, {
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

  private event(
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

function matchPath(pattern: string | RegExp, path: string): boolean {
  if (typeof pattern !== 'string') return pattern.test(path);
  return pattern.endsWith('/') ? path.startsWith(pattern) : path === pattern;
}

function formError(path: (string | number)[], code: string, message: string): DiscordErrorBody {
  const errors: Json = {};
  let node = errors;
  for (const k of path) {
    const next: Json = {};
    node[String(k)] = next;
    node = next;
  }
  node['_errors'] = [{ code, message }];
  return { message: 'Invalid Form Body', code: 50035, errors };
}

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Discord's main limits on a command definition (names, descriptions, option count, total size). */
function validateCommand(b: Json, at: (string | number)[]): DiscordErrorBody | null {
  const type = (b['type'] as number | undefined) ?? ApplicationCommandType.ChatInput;
  const name = b['name'];
  if (typeof name !== 'string' || name.length < 1 || name.length > 32) {
    return formError([...at, 'name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.');
  }
  if (type === ApplicationCommandType.ChatInput) {
    if (!NAME_RE.test(name) || name !== name.toLowerCase()) {
      return formError([...at, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
    const description = b['description'];
    if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
      return formError([...at, 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
    const options = (b['options'] as Json[] | undefined) ?? [];
    if (options.length > 25) return formError([...at, 'options'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    for (const [i, o] of options.entries()) {
      const on = o['name'];
      if (typeof on !== 'string' || !NAME_RE.test(on) || on !== on.toLowerCase()) {
        return formError([...at, 'options', i, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
      }
      const od = o['description'];
      if (typeof od !== 'string' || od.length < 1 || od.length > 100) {
        return formError([...at, 'options', i, 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      }
    }
  }
  if (commandSize(b) > 8000) {
    return formError(at, 'APPLICATION_COMMAND_TOO_LARGE', 'Command exceeds maximum size (8000)');
  }
  return null;
}

/** Characters Discord counts toward the 8,000 limit: names, descriptions, choice names and values. */
function commandSize(node: Json): number {
  let n = 0;
  for (const key of ['name', 'description'] as const) if (typeof node[key] === 'string') n += (node[key] as string).length;
  if ('value' in node && node['value'] !== undefined) n += String(node['value']).length;
  for (const key of ['options', 'choices'] as const) {
    const list = node[key];
    if (Array.isArray(list)) for (const child of list as Json[]) n += commandSize(child);
  }
  return n;
}

/** Create and start an emulator. */
export async function startDiscordEmulator(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
  const emulator = new DiscordEmulator(options);
  await emulator.start();
  return emulator;
}
