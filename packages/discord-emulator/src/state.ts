/** What the emulator holds (its settings, guilds, users, commands, messages, interactions) and shares between its parts. */
import { randomBytes } from 'node:crypto';
import type { APIAttachment, APIUser } from 'discord-api-types/v10';
import { Gateway } from './gateway.js';
import type { RecordedRequest } from './http.js';
import type { InteractionHandle } from './interactions.js';
import type { EmulatedMessage } from './messages.js';
import { buildGuild, guildCreateJson, makeUser } from './model.js';
import type { Guild, GuildSpec, Json } from './model.js';
import type { SpecViolation } from './openapi-check.js';
import { shardIdForGuild, snowflake } from './snowflake.js';

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

export type EmulatorSettings = Required<Omit<DiscordEmulatorOptions, 'guilds' | 'token' | 'applicationId' | 'botUsername'>>;

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

/** A file added with addAttachment, served at its url. */
export interface StoredAttachment {
  attachment: APIAttachment;
  bytes: Buffer;
  urlName: string;
  redirectTo?: string;
}

export class EmulatorState {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly guilds: Guild[];
  readonly settings: EmulatorSettings;
  readonly gateway: Gateway;
  /** Every REST request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Requests that do not fit Discord's OpenAPI spec (see openapi-check.ts), in order. */
  readonly specViolations: SpecViolation[] = [];
  /** Registered commands: key 'global' or a guild id. */
  readonly commands = new Map<string, StoredCommand[]>();
  /** Every message created through the API (interaction responses, follow-ups, channel messages). */
  readonly messages = new Map<string, EmulatedMessage>();
  readonly interactions = new Map<string, InteractionHandle>();
  readonly users = new Map<string, APIUser>();
  readonly dmChannels = new Map<string, string>();
  readonly failures: FailureInjection[] = [];
  /** Files added with addAttachment, by id. */
  readonly attachments = new Map<string, StoredAttachment>();
  /** Ids of attachments downloaded (GET of their url), in order. */
  readonly attachmentDownloads: string[] = [];
  /** The port listened on; 0 until started. */
  port = 0;

  constructor(options: DiscordEmulatorOptions) {
    this.applicationId = options.applicationId ?? snowflake();
    this.token =
      options.token ??
      `${Buffer.from(this.applicationId).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(20).toString('base64url')}`;
    this.botUser = makeUser({ id: this.applicationId, username: options.botUsername ?? 'EmulatedBot', bot: true });
    this.botUser.global_name = null;
    this.settings = {
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
      heartbeatIntervalMs: this.settings.heartbeatIntervalMs,
      gatewayUrl: () => this.gatewayUrl,
      resumeUrl: () => this.resumeGatewayUrl,
      readyData: (shard) => ({
        v: 10,
        user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0, email: null },
        guilds: this.guilds.filter((g) => shardIdForGuild(g.id, shard[1]) === shard[0]).map((g) => ({ id: g.id, unavailable: true })),
        application: { id: this.applicationId, flags: this.settings.applicationFlags },
        private_channels: [],
        presences: [],
        relationships: [],
        user_settings: {},
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        _trace: ['["discord-emulator",{"micros":0}]'],
      }),
      guildsForShard: (shard) => this.guilds.filter((g) => shardIdForGuild(g.id, shard[1]) === shard[0]).map((g) => guildCreateJson(g, this.applicationId)),
    });
  }

  /** The url GET /gateway/bot hands out. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.requirePort()}/gateway`;
  }
  /** READY's resume_gateway_url (a different path, so tests can tell resumes apart). */
  get resumeGatewayUrl(): string {
    return `ws://127.0.0.1:${this.requirePort()}/resume`;
  }

  requirePort(): number {
    if (!this.port) throw new Error('DiscordEmulator: call start() first');
    return this.port;
  }

  guild(id?: string): Guild {
    const g = id === undefined ? this.guilds[0] : this.guilds.find((x) => x.id === id);
    if (!g) throw new Error(`DiscordEmulator: unknown guild ${id ?? '(none configured)'}`);
    return g;
  }
}
