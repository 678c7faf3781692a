/**
 * A loopback Discord API (REST /api/v10 + v10 gateway) for tests that drive the real
 * discord.js Client. See README.md for what is and is not emulated.
 *
 * This class is the emulator's face: its lifecycle (one 127.0.0.1 port for REST, the CDN and the
 * gateway) and the helpers tests call; the work is done by the modules it delegates to.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { InteractionType } from 'discord-api-types/v10';
import type { APIAttachment, APIUser } from 'discord-api-types/v10';
import { addAttachment } from './attachments.js';
import type { AttachmentOptions } from './attachments.js';
import { nextSession, sessionFor, waitForReady } from './gateway-sessions.js';
import type { Gateway, GatewayConnection, GatewaySession } from './gateway.js';
import { matchPath } from './http.js';
import type { RecordedRequest } from './http.js';
import type { InteractionHandle } from './interactions.js';
import type { EmulatedMessage } from './messages.js';
import type { Guild } from './model.js';
import type { SpecViolation } from './openapi-check.js';
import { onRequest } from './rest.js';
import { sendCommandLike, sendComponent, sendMessageCommand, sendModalSubmit } from './senders.js';
import type { AutocompleteOptions, ChatInputOptions, ComponentOptions, MessageCommandOptions, ModalSubmitOptions } from './senders.js';
import { EmulatorState } from './state.js';
import type { DiscordEmulatorOptions, FailureInjection, StoredCommand } from './state.js';

export type { AttachmentOptions } from './attachments.js';
export type { GatewayConnection, GatewaySession } from './gateway.js';
export type { RecordedRequest, RecordedFile } from './http.js';
export type { InteractionEvent, InteractionEventKind, OptionValues, RawOption } from './interactions.js';
export { InteractionHandle } from './interactions.js';
export type { CallbackBody, DiscordErrorBody, EmulatedMessage, Pings, WireMessageBody } from './messages.js';
export { computePings } from './messages.js';
export type { Guild, GuildSpec, MemberSpec, RoleSpec, ChannelSpec, UserSpec, Member, Role, Channel } from './model.js';
export { ALL_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS } from './model.js';
export type { AutocompleteOptions, ChatInputOptions, ComponentOptions, InteractionContext, MessageCommandOptions, ModalSubmitOptions } from './senders.js';
export { guildIdForShard, shardIdForGuild, snowflake, snowflakeTimestamp } from './snowflake.js';
export type { DiscordEmulatorOptions, FailureInjection, StoredCommand } from './state.js';

export class DiscordEmulator {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly guilds: Guild[];
  /** Every REST request received, in order. */
  readonly requests: RecordedRequest[];
  /** Requests that do not fit Discord's OpenAPI spec (see openapi-check.ts), in order. */
  readonly specViolations: SpecViolation[];
  /** Registered commands: key 'global' or a guild id. */
  readonly commands: Map<string, StoredCommand[]>;
  /** Every message created through the API (interaction responses, follow-ups, channel messages). */
  readonly messages: Map<string, EmulatedMessage>;
  readonly interactions: Map<string, InteractionHandle>;
  readonly gateway: Gateway;
  /** Ids of attachments downloaded (GET of their url), in order. */
  readonly attachmentDownloads: string[];

  private readonly state: EmulatorState;
  private server: Server | null = null;

  constructor(options: DiscordEmulatorOptions = {}) {
    const state = new EmulatorState(options);
    this.state = state;
    this.token = state.token;
    this.applicationId = state.applicationId;
    this.botUser = state.botUser;
    this.guilds = state.guilds;
    this.requests = state.requests;
    this.specViolations = state.specViolations;
    this.commands = state.commands;
    this.messages = state.messages;
    this.interactions = state.interactions;
    this.gateway = state.gateway;
    this.attachmentDownloads = state.attachmentDownloads;
  }

  // ---------------------------------------------------------------- lifecycle

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => void onRequest(this.state, req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.gateway.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.state.settings.port, '127.0.0.1', () => resolve());
    });
    this.state.port = (server.address() as AddressInfo).port;
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
    return `http://127.0.0.1:${this.state.requirePort()}/api`;
  }
  /** The url GET /gateway/bot hands out. */
  get gatewayUrl(): string {
    return this.state.gatewayUrl;
  }
  /** READY's resume_gateway_url (a different path, so tests can tell resumes apart). */
  get resumeGatewayUrl(): string {
    return this.state.resumeGatewayUrl;
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
    return waitForReady(this.gateway, options);
  }

  /** Resolves when the next RESUME (after this call) has been answered with RESUMED. */
  waitForResume(timeoutMs = 10_000): Promise<GatewaySession> {
    return nextSession(this.gateway, 'resume', 'RESUME', timeoutMs);
  }

  /** Resolves when the next IDENTIFY (after this call) has been answered with READY. */
  waitForIdentify(timeoutMs = 10_000): Promise<GatewaySession> {
    return nextSession(this.gateway, 'identify', 'IDENTIFY', timeoutMs);
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
    this.gateway.dispatch(sessionFor(this.gateway, guildId), t, d);
  }

  // ---------------------------------------------------------------- test helpers: REST

  /** Requests matching a method and a path (string: exact or prefix ending with '/'; RegExp: test). */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && matchPath(path, r.path));
  }

  /** Answer the next matching request(s) with an error, e.g. a 429 with Retry-After or a 500. */
  failNext(failure: FailureInjection): void {
    this.state.failures.push({ times: 1, ...failure });
  }

  /** Commands registered globally (no argument) or for a guild. */
  registeredCommands(guildId?: string): StoredCommand[] {
    return [...(this.commands.get(guildId ?? 'global') ?? [])];
  }

  guild(id?: string): Guild {
    return this.state.guild(id);
  }

  // ---------------------------------------------------------------- test helpers: attachments

  /**
   * Stores a file as if a user had uploaded it, served by this emulator at the returned `url`
   * (`GET /attachments/{id}/{filename}`). Pass its `id` as an attachment option's value:
   * sendChatInput then fills `data.resolved.attachments`. `size` may be set to lie about the length.
   * A forged payload: `url` replaces the address the interaction claims (the file stays served at its
   * own); `redirectTo` makes the served address answer 302 to another one.
   */
  addAttachment(filename: string, bytes: Uint8Array | string, options: AttachmentOptions = {}): APIAttachment {
    return addAttachment(this.state, filename, bytes, options);
  }

  // ---------------------------------------------------------------- test helpers: interactions

  /** Dispatch a slash command (INTERACTION_CREATE type 2, data.type 1). */
  sendChatInput(o: ChatInputOptions): InteractionHandle {
    return sendCommandLike(this.state, o, InteractionType.ApplicationCommand, undefined);
  }

  /** Dispatch an autocomplete request (type 4) with `focused` marking the option being typed. */
  sendAutocomplete(o: AutocompleteOptions): InteractionHandle {
    return sendCommandLike(this.state, o, InteractionType.ApplicationCommandAutocomplete, o.focused);
  }

  /** Dispatch a message component interaction (type 3): a button click or a select. */
  sendComponent(o: ComponentOptions): InteractionHandle {
    return sendComponent(this.state, o);
  }

  /** Dispatch a message context-menu command (type 2, data.type 3, target_id, resolved.messages). */
  sendMessageCommand(o: MessageCommandOptions): InteractionHandle {
    return sendMessageCommand(this.state, o);
  }

  /** Dispatch a modal submission (type 5) with text input values. */
  sendModalSubmit(o: ModalSubmitOptions): InteractionHandle {
    return sendModalSubmit(this.state, o);
  }
}

/** Create and start an emulator. */
export async function startDiscordEmulator(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
  const emulator = new DiscordEmulator(options);
  await emulator.start();
  return emulator;
}
