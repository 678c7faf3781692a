import { describe, expect, it } from 'vitest';
import { readConfig, readShardingConfig } from '../../src/discord/config.js';
import { createLogger } from '../../src/log.js';

const valid = { DISCORD_TOKEN: 'secret-token-value', DISCORD_CLIENT_ID: '123456789012345678' };

describe('configuration', () => {
  it('applies defaults (no admin servers: corpus changes off) and splits the id lists', () => {
    const read = readConfig({ ...valid, MODERATOR_ROLE_IDS: '223456789012345678, 323456789012345678', OWNER_USER_IDS: '423456789012345678' });
    expect(read).toEqual({
      ok: true,
      config: {
        ...valid,
        MODERATOR_ROLE_IDS: ['223456789012345678', '323456789012345678'],
        ADMIN_GUILD_IDS: [],
        OWNER_USER_IDS: ['423456789012345678'],
        CORPUS_DIR: './corpus',
        LOG_LEVEL: 'info',
        METRICS_HOST: '127.0.0.1',
        SEARCH_MEANING: 'on',
      },
    });
    const withAdmin = readConfig({ ...valid, ADMIN_GUILD_IDS: '523456789012345678,623456789012345678' });
    expect(withAdmin.ok && withAdmin.config.ADMIN_GUILD_IDS).toEqual(['523456789012345678', '623456789012345678']);
  });

  it('names a missing variable in one line, pointing to .env.example and npm run ask', () => {
    const read = readConfig({ DISCORD_CLIENT_ID: valid.DISCORD_CLIENT_ID, DISCORD_TOKEN: '  ' });
    expect(read).toEqual({
      ok: false,
      message: 'DISCORD_TOKEN is missing: set it in .env (see .env.example). To try the bot without Discord: npm run ask -- "your question"',
    });
  });

  it.each([
    ['DISCORD_CLIENT_ID', { DISCORD_CLIENT_ID: 'my-app' }],
    ['MODERATOR_ROLE_IDS', { MODERATOR_ROLE_IDS: '123,abc' }],
    ['ADMIN_GUILD_IDS', { ADMIN_GUILD_IDS: 'my-server' }],
    ['OWNER_USER_IDS', { OWNER_USER_IDS: '12' }],
    ['DISCORD_API_URL', { DISCORD_API_URL: 'not a url' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['METRICS_PORT', { METRICS_PORT: '99999' }],
    ['METRICS_PORT', { METRICS_PORT: 'nine' }],
  ])('names a malformed %s without echoing the token', (name, override) => {
    const read = readConfig({ ...valid, ...override });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.message.startsWith(`${name} `)).toBe(true);
    expect(read.message).not.toContain(valid.DISCORD_TOKEN);
    expect(read.message.split('\n')).toHaveLength(1);
  });
});

describe('configuration of npm run start:sharded', () => {
  it("defaults to Discord's shard count, all shards here, one per process, a proxy on any free port", () => {
    expect(readShardingConfig({})).toEqual({ ok: true, config: { TOTAL_SHARDS: 'auto', SHARDS_PER_PROCESS: 1, REST_PROXY_PORT: 0 } });
    expect(readShardingConfig({ TOTAL_SHARDS: '4', SHARD_LIST: '2, 3', SHARDS_PER_PROCESS: '2', REST_PROXY_PORT: '' })).toEqual({
      ok: true,
      config: { TOTAL_SHARDS: 4, SHARD_LIST: [2, 3], SHARDS_PER_PROCESS: 2, REST_PROXY_PORT: 0 },
    });
  });

  it.each([
    ['SHARD_LIST', { SHARD_LIST: '1' }, 'needs TOTAL_SHARDS set to a number'],
    ['SHARD_LIST', { TOTAL_SHARDS: '2', SHARD_LIST: '1,2' }, 'names a shard id not below TOTAL_SHARDS'],
    ['SHARD_LIST', { TOTAL_SHARDS: '2', SHARD_LIST: 'first' }, 'must be shard ids'],
    ['TOTAL_SHARDS', { TOTAL_SHARDS: '0' }, ''],
    ['SHARDS_PER_PROCESS', { SHARDS_PER_PROCESS: 'two' }, ''],
    ['REST_PROXY_PORT', { REST_PROXY_PORT: '70000' }, ''],
  ])('names a malformed %s in one line', (name, environment, reason) => {
    const read = readShardingConfig(environment);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.message.startsWith(`${name} ${reason}`)).toBe(true);
  });
});

describe('logs', () => {
  it('are JSON lines that never contain the token, even inside an error', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', secrets: [valid.DISCORD_TOKEN], write: (line) => lines.push(line) });
    logger.debug('hidden below the level');
    logger.error('login failed', { error: new Error(`bad token ${valid.DISCORD_TOKEN}`), command: 'ask' });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as { level: string; message: string; command: string; error: { message: string } };
    expect(entry).toMatchObject({ level: 'error', message: 'login failed', command: 'ask' });
    expect(entry.error.message).toBe('bad token [redacted]');
    expect(lines[0]).not.toContain(valid.DISCORD_TOKEN);
  });
});
