/**
 * The bot as production runs it: its own process (`npm start`, or `node dist/…` directly), in its
 * own process group, logged in to a Discord emulator that runs in the calling process. For tests of
 * what only a real process shows (signals, exit codes) and for load without sharing a core with
 * the emulator.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiscordEmulator, guildIdForShard, snowflake } from '@kursk/discord-emulator';
import { PermissionFlagsBits } from 'discord.js';
import { registerCommands } from '../../src/discord/register-commands.js';
import { CORPUS_DIR, REPO_ROOT, waitUntil, type LogLine } from './harness.js';

/** What `npm start` runs, compiled by `npm run build`. */
export const COMPILED_MAIN = path.join(REPO_ROOT, 'dist/src/discord/main.js');
/** What `npm run start:sharded` runs: the ShardingManager over COMPILED_MAIN. */
export const COMPILED_SHARDED = path.join(REPO_ROOT, 'dist/src/discord/sharded.js');

export interface BotProcess {
  readonly emulator: DiscordEmulator;
  readonly child: ChildProcess;
  readonly log: LogLine[];
  /** Lines on stdout or stderr that are not the bot's JSON log (npm's own output, say). */
  readonly otherOutput: string[];
  readonly users: { readonly member: string; readonly manager: string };
  /** One server per shard (server i on shard i), each with both users; the manager may change the corpus in each. */
  readonly guildIds: readonly string[];
  readonly corpusDir: string;
  /** Resolves with the process's exit code (null if a signal ended it) and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when its output closes: every process of the group (npm's children included) has exited. */
  readonly closed: Promise<void>;
  /** Stops the process group if still running (SIGTERM, then SIGKILL), stops the emulator, removes the corpus copy. */
  stop(): Promise<void>;
}

/** Compiles the bot (`npm run build`) unless `dist/` is newer than every source file it needs. */
export function buildOnce(): void {
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (built.status !== 0 || !existsSync(COMPILED_MAIN)) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
}

/**
 * Starts the emulator, registers the commands, and spawns `command` (default: `npm start`) detached, so
 * it leads its own process group as it would under a service manager; waits for "connected".
 */
export async function startBotProcess(
  options: {
    command?: readonly string[];
    logLevel?: string;
    env?: NodeJS.ProcessEnv;
    checkSpec?: boolean;
    /** Shards the emulator recommends (GET /gateway/bot), with a server on each; the bot is ready when all are. Default 1. */
    shards?: number;
    /** The log line that says the bot is up. Default "connected". */
    readyMessage?: string;
  } = {},
): Promise<BotProcess> {
  const users = { member: snowflake(), manager: snowflake() };
  const shards = options.shards ?? 1;
  const emulator = new DiscordEmulator({
    heartbeatIntervalMs: 1000,
    checkSpec: options.checkSpec ?? true,
    recommendedShards: shards,
    guilds: [...Array(shards).keys()].map((shard) => ({
      ...(shards > 1 ? { id: guildIdForShard(shard, shards), name: `Kursk Desk ${shard}` } : { name: 'Kursk Desk' }),
      roles: [{ name: 'Managers', permissions: PermissionFlagsBits.ManageGuild }],
      members: [{ user: { id: users.member, username: 'member' } }, { user: { id: users.manager, username: 'manager' }, roles: ['Managers'] }],
    })),
  });
  await emulator.start();
  const guildIds = emulator.guilds.map((guild) => guild.id);
  const corpusDir = await mkdtemp(path.join(tmpdir(), 'kursk-process-corpus-'));
  await cp(CORPUS_DIR, corpusDir, { recursive: true, filter: (source) => source === CORPUS_DIR || source.endsWith('.md') });
  await registerCommands({
    DISCORD_TOKEN: emulator.token,
    DISCORD_CLIENT_ID: emulator.applicationId,
    DISCORD_API_URL: emulator.apiUrl,
    // One server: the public commands there (instant). Several: globally, and /reload and /corpus in each.
    ...(shards === 1 ? { DISCORD_GUILD_ID: emulator.guild().id } : { ADMIN_GUILD_IDS: guildIds }),
  });

  const [program, ...args] = options.command ?? ['npm', 'start'];
  const child = spawn(program!, args, {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: botEnvironment({
      ...(shards > 1 ? { ADMIN_GUILD_IDS: guildIds.join(',') } : {}),
      ...options.env,
      DISCORD_TOKEN: emulator.token,
      DISCORD_CLIENT_ID: emulator.applicationId,
      DISCORD_API_URL: emulator.apiUrl,
      CORPUS_DIR: corpusDir,
      LOG_LEVEL: options.logLevel ?? 'info',
    }),
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let running = true;
  void exited.then(() => (running = false));
  const closed = Promise.all([child.stdout, child.stderr].map((stream) => new Promise((resolve) => stream.once('close', resolve)))).then(() => undefined);
  const log: LogLine[] = [];
  const otherOutput: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        try {
          log.push(JSON.parse(line) as LogLine);
        } catch {
          if (line.trim()) otherOutput.push(line);
        }
      }
    });
  }
  const stop = async () => {
    if (running) {
      // As a service manager does: SIGTERM to the group, SIGKILL if it has not exited 30 s later.
      process.kill(-child.pid!, 'SIGTERM');
      const killer = setTimeout(() => running && process.kill(-child.pid!, 'SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    }
    await emulator.stop();
    await rm(corpusDir, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      // `npm start` compiles first: allow for a slow machine.
      waitUntil(
        () => log.some((line) => line.message === (options.readyMessage ?? 'connected')),
        120_000,
        `the bot process to log "${options.readyMessage ?? 'connected'}"`,
      ),
      exited.then(({ code }) => Promise.reject(new Error(`the bot exited with ${String(code)} before connecting:\n${otherOutput.join('\n')}`))),
    ]);
    await emulator.waitForReady({ shardCount: shards });
  } catch (error) {
    await stop();
    throw error;
  }
  return { emulator, child, log, otherOutput, users, guildIds, corpusDir, exited, closed, stop };
}

/**
 * This process's environment without the bot's optional settings (a developer's shell may set them),
 * with the blank ones `cp .env.example .env` leaves (SHARDS=), plus `settings`.
 */
function botEnvironment(settings: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DISCORD_GUILD_ID: _guild, MODERATOR_ROLE_IDS: _roles, ...environment } = process.env;
  return { ...environment, SHARDS: '', ...settings };
}
