/**
 * The emulator's world: bot user, guilds, roles, channels, members, and builders that
 * turn them into the JSON shapes Discord sends (users, roles, members, channels, GUILD_CREATE).
 */
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIUser, UserFlags } from 'discord-api-types/v10';
import { snowflake } from './snowflake.js';

/** A JSON object as sent or received on the wire. */
export type Json = Record<string, unknown>;

export interface UserSpec {
  id?: string;
  username?: string;
  globalName?: string | null;
  bot?: boolean;
}

export interface RoleSpec {
  id?: string;
  name: string;
  /** Permission bitfield, e.g. `PermissionFlagsBits.ManageGuild` or "32". */
  permissions?: bigint | string;
  position?: number;
}

export interface MemberSpec {
  user: UserSpec;
  /** Role ids or role names of this guild (the @everyone role is implicit). */
  roles?: string[];
  nick?: string | null;
}

export interface ChannelSpec {
  id?: string;
  name?: string;
  type?: ChannelType.GuildText | ChannelType.GuildAnnouncement;
}

export interface GuildSpec {
  id?: string;
  name?: string;
  /** Owner user id; defaults to the first non-bot member. */
  ownerId?: string;
  /** Permissions of the @everyone role (default: a typical member set). */
  everyonePermissions?: bigint | string;
  roles?: RoleSpec[];
  /** Text channels; defaults to one channel named "general". */
  channels?: ChannelSpec[];
  /** Members besides the bot (always a member). Defaults to an owner and a plain member. */
  members?: MemberSpec[];
  /** Role ids or names given to the bot's own member. */
  botRoles?: string[];
  preferredLocale?: string;
}

export interface Role {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
}

export interface Member {
  user: APIUser;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

export interface Channel {
  id: string;
  name: string;
  type: ChannelType.GuildText | ChannelType.GuildAnnouncement;
  guildId: string;
  position: number;
}

export interface Guild {
  id: string;
  name: string;
  ownerId: string;
  roles: Role[];
  channels: Channel[];
  members: Member[];
  preferredLocale: string;
  joinedAt: string;
}

/** Every permission bit Discord defines (what an owner/administrator gets). */
export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((a, b) => a | b, 0n);

/** Roughly what @everyone gets in a new server. */
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.ChangeNickname |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak;

export function toBigInt(p: bigint | string | undefined, fallback: bigint): bigint {
  if (p === undefined) return fallback;
  return typeof p === 'bigint' ? p : BigInt(p);
}

export function makeUser(spec: UserSpec = {}): APIUser {
  const id = spec.id ?? snowflake();
  const username = spec.username ?? `user${id.slice(-4)}`;
  const user: APIUser = {
    id,
    username,
    discriminator: '0',
    global_name: spec.globalName === undefined ? username : spec.globalName,
    avatar: null,
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- Discord sends 0 for a user with no public flags, and UserFlags has no member for "none"
    public_flags: 0 as UserFlags,
  };
  if (spec.bot) user.bot = true;
  return user;
}

export function buildGuild(spec: GuildSpec, botUser: APIUser, index: number): Guild {
  const id = spec.id ?? snowflake();
  const now = new Date().toISOString();
  const roles: Role[] = [
    {
      id,
      name: '@everyone',
      permissions: toBigInt(spec.everyonePermissions, DEFAULT_EVERYONE_PERMISSIONS),
      position: 0,
    },
  ];
  (spec.roles ?? []).forEach((r, i) => {
    roles.push({
      id: r.id ?? snowflake(),
      name: r.name,
      permissions: toBigInt(r.permissions, 0n),
      position: r.position ?? i + 1,
    });
  });
  const resolveRoles = (refs: string[] | undefined): string[] =>
    (refs ?? []).map((ref) => {
      const role = roles.find((r) => r.id === ref || r.name === ref);
      if (!role) throw new Error(`DiscordEmulator: guild ${id} has no role ${ref}`);
      return role.id;
    });
  const memberSpecs: MemberSpec[] = spec.members ?? [{ user: { username: 'owner' } }, { user: { username: 'member' } }];
  const members: Member[] = memberSpecs.map((m) => ({
    user: makeUser(m.user),
    roles: resolveRoles(m.roles),
    nick: m.nick ?? null,
    joinedAt: now,
  }));
  members.push({ user: botUser, roles: resolveRoles(spec.botRoles), nick: null, joinedAt: now });
  const channelSpecs: ChannelSpec[] = spec.channels ?? [{ name: 'general' }];
  const channels: Channel[] = channelSpecs.map((c, i) => ({
    id: c.id ?? snowflake(),
    name: c.name ?? `channel-${i}`,
    type: c.type ?? ChannelType.GuildText,
    guildId: id,
    position: i,
  }));
  const ownerId = spec.ownerId ?? members.find((m) => !m.user.bot)?.user.id ?? botUser.id;
  return {
    id,
    name: spec.name ?? `Test Guild ${index + 1}`,
    ownerId,
    roles,
    channels,
    members,
    preferredLocale: spec.preferredLocale ?? 'en-US',
    joinedAt: now,
  };
}

/** Base permissions of a member in a guild (no channel overwrites: the emulator has none). */
export function memberPermissions(guild: Guild, member: Member): bigint {
  if (member.user.id === guild.ownerId) return ALL_PERMISSIONS;
  let perms = 0n;
  for (const role of guild.roles) {
    if (role.id === guild.id || member.roles.includes(role.id)) perms |= role.permissions;
  }
  if ((perms & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  return perms;
}

export function roleJson(r: Role): Json {
  return {
    id: r.id,
    name: r.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: r.position,
    permissions: r.permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

export function memberJson(m: Member, withUser = true): Json {
  const json: Json = {
    nick: m.nick,
    avatar: null,
    banner: null,
    roles: [...m.roles],
    joined_at: m.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
  if (withUser) json['user'] = { ...m.user };
  return json;
}

export function channelJson(c: Channel): Json {
  return {
    id: c.id,
    type: c.type,
    guild_id: c.guildId,
    name: c.name,
    position: c.position,
    permission_overwrites: [],
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
    flags: 0,
  };
}

/** The GUILD_CREATE payload (the Guilds intent's view of a guild). */
export function guildCreateJson(g: Guild, applicationId: string): Json {
  const botMember = g.members.find((m) => m.user.id === applicationId || m.user.bot);
  return {
    id: g.id,
    name: g.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: g.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: g.roles.map(roleJson),
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: g.preferredLocale,
    public_updates_channel_id: null,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: botMember?.joinedAt ?? g.joinedAt,
    large: false,
    unavailable: false,
    member_count: g.members.length,
    voice_states: [],
    members: g.members.map((m) => memberJson(m)),
    channels: g.channels.map((c) => {
      const json = channelJson(c);
      delete json['guild_id'];
      return json;
    }),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
