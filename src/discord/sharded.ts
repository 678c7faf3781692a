/**
 * `npm run start:sharded`: the bot as several processes on one machine, under discord.js's
 * ShardingManager. Each process (src/discord/main.ts) connects SHARDS_PER_PROCESS of this machine's
 * shards and keeps its own live index of CORPUS_DIR; all send REST through one @discordjs/proxy; a
 * corpus change made in any of them is made one at a time and reaches all (sharding/change-hub.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REST } from '@discordjs/rest';
import { Routes, ShardingManager, type Shard } from 'discord.js';
import { config as loadDotenv } from 'dotenv';
import { createLogger } from '../log.js';
import { readConfig, readShardingConfig } from './config.js';
import { ChangeHub } from './sharding/change-hub.js';
import { startRestProxy } from './sharding/rest-proxy.js';

loadDotenv({ quiet: true });
if (process.env.SHARDS?.trim() === '') delete process.env.SHARDS;
// Checked here, once: a process that cannot start would otherwise be respawned by the manager forever.
const read = readConfig(process.env);
const sharding = readShardingConfig(process.env);
for (const result of [read, sharding]) {
  if (!result.ok) {
    console.error(result.message);
    process.exit(1);
  }
}
if (!read.ok || !sharding.ok) process.exit(1);
const config = read.config;
const { TOTAL_SHARDS, SHARD_LIST, SHARDS_PER_PROCESS, REST_PROXY_PORT } = sharding.config;
if (config.SHARDS !== undefined) {
  console.error('SHARDS is for shards inside one process (npm start); with npm run start:sharded set TOTAL_SHARDS and SHARDS_PER_PROCESS instead.');
  process.exit(1);
}
const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });
process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { errorId: randomBytes(4).toString('hex'), error }));

/** Each process's first shard id is its id in the manager; it gets this group's shards. */
const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.js');
/** Discord lets a bot start one shard session per 5 s (max_concurrency 1); a process starts its shards in turn. */
const IDENTIFY_INTERVAL_MS = 5_500;
/** A process is given this long to load the corpus and connect. */
const READY_TIMEOUT_MS = 120_000;
/** Processes drain for up to 60 s (bot.ts); after this they are killed. */
const STOP_TIMEOUT_MS = 90_000;

const proxy = config.REST_PROXY_URL
  ? { url: config.REST_PROXY_URL, close: () => Promise.resolve() }
  : await startRestProxy({ port: REST_PROXY_PORT, discordApiUrl: config.DISCORD_API_URL, logger }).catch((error: unknown) => {
      logger.error('the REST proxy cannot listen', { port: REST_PROXY_PORT, error });
      process.exit(1);
    });
logger.info(config.REST_PROXY_URL ? 'using the REST proxy at REST_PROXY_URL' : 'REST proxy listening', { url: proxy.url });

// "auto" asks Discord (through the proxy). discord.js's own fetchRecommendedShardCount would go to
// discord.com whatever DISCORD_API_URL says.
const totalShards =
  TOTAL_SHARDS === 'auto'
    ? await new REST({ api: proxy.url })
        .setToken(config.DISCORD_TOKEN)
        .get(Routes.gatewayBot())
        .then(
          (gateway) => (gateway as { shards: number }).shards,
          (error: unknown) => {
            logger.error('could not ask Discord for the recommended shard count (GET /gateway/bot)', { error });
            process.exit(1);
          },
        )
    : TOTAL_SHARDS;
const shardIds = SHARD_LIST ?? [...Array(totalShards).keys()];
const groups = new Map<number, number[]>();
for (let index = 0; index < shardIds.length; index += SHARDS_PER_PROCESS) groups.set(shardIds[index]!, shardIds.slice(index, index + SHARDS_PER_PROCESS));
const shardsOf = (shard: Shard) => groups.get(shard.id) ?? [shard.id];

const manager = new ShardingManager(MAIN, { totalShards, shardList: [...groups.keys()], token: config.DISCORD_TOKEN, respawn: true, mode: 'process' });
new ChangeHub(manager, shardsOf, logger);
manager.on('shardCreate', (shard) => {
  const index = [...groups.keys()].indexOf(shard.id);
  // discord.js sets SHARDS to the one id; a process of several shards is given them all (JSON, as it parses it).
  const env = shard.env as NodeJS.ProcessEnv;
  env.SHARDS = JSON.stringify(shardsOf(shard));
  env.REST_PROXY_URL = proxy.url;
  // One endpoint per process: the next ports up.
  if (config.METRICS_PORT !== undefined) env.METRICS_PORT = String(config.METRICS_PORT + index);
  shard.on('spawn', () => logger.info('process started', { shards: shardsOf(shard), pid: shard.process?.pid }));
  shard.on('death', (child) => {
    const { pid, exitCode, signalCode } = child as ChildProcess;
    logger.warn(manager.respawn ? 'process exited; restarting it' : 'process exited', { shards: shardsOf(shard), pid, exitCode, signal: signalCode });
  });
});

let stopping = false;
async function stop(exitCode: number): Promise<never> {
  stopping = true;
  manager.respawn = false;
  const running = [...manager.shards.values()].filter((shard) => shard.process);
  const exited = Promise.all(running.map((shard) => new Promise((resolve) => shard.once('death', resolve))));
  for (const shard of running) shard.process?.kill('SIGTERM');
  const killer = setTimeout(() => running.forEach((shard) => shard.process?.kill('SIGKILL')), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(killer);
  // Last: the processes' final answers went out through it.
  await proxy.close();
  logger.info('stopped', { exitCode });
  process.exit(exitCode);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) {
      logger.info('still stopping; signal ignored', { signal });
      return;
    }
    logger.info('shutting down', { signal });
    void stop(0);
  });
}

logger.info('starting processes', { totalShards, processes: [...groups.values()] });
try {
  await manager.spawn({ amount: totalShards, delay: IDENTIFY_INTERVAL_MS * SHARDS_PER_PROCESS, timeout: READY_TIMEOUT_MS });
  logger.info('all processes connected', { processes: manager.shards.size });
} catch (error) {
  // After a signal (respawn off) a process that stops while starting is expected.
  if (manager.respawn) {
    logger.error('a process did not start', { error });
    await stop(1);
  }
}
