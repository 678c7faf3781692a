import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '../src/log.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';

function collect(level: LogLevel = 'debug') {
  const lines: string[] = [];
  const logger = createLogger({ level, secrets: [TOKEN], write: (line) => lines.push(line) });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('logs (pino)', () => {
  it('are one JSON object per line with time, level name, message and the fields', () => {
    const { logger, lines, entries } = collect('info');
    logger.debug('below the level');
    logger.info('interaction', { kind: 'command', command: 'ask', latencyMs: 1.25, results: 3, outcome: 'answer' });
    logger.error('interaction failed', { command: 'source', latencyMs: 4, errorId: 'deadbeef', error: new Error('boom') });
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain('\n');
    const [interaction, failure] = entries();
    expect(interaction).toMatchObject({ level: 'info', message: 'interaction', command: 'ask', latencyMs: 1.25, results: 3, outcome: 'answer' });
    expect(new Date(String(interaction!['time'])).toISOString()).toBe(interaction!['time']);
    expect(failure).toMatchObject({ level: 'error', message: 'interaction failed', errorId: 'deadbeef', error: { type: 'Error', message: 'boom' } });
    expect((failure!['error'] as { stack: string }).stack).toContain('log.test.ts');
  });

  it('never print the token: not in a message, a field, a nested error, its cause, its stack or a request body', () => {
    const { logger, lines } = collect();
    const cause = new Error(`401: Unauthorized (token ${TOKEN})`);
    const error = new Error(`login with ${TOKEN} failed`, { cause });
    logger.error(`could not connect with ${TOKEN}`, {
      error,
      request: { headers: { authorization: `Bot ${TOKEN}` }, body: [TOKEN] },
    });
    logger.warn('aggregate', { error: new AggregateError([cause], 'several failed') });
    expect(lines).toHaveLength(2);
    // The token was in the error's stack (V8 puts the message there), so the stack was masked too.
    expect(error.stack).toContain(TOKEN);
    for (const line of lines) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain(TOKEN.slice(0, 40));
    }
    const [entry] = lines.map(
      (line) => JSON.parse(line) as { message: string; error: { message: string; stack: string }; request: { headers: { authorization: string } } },
    );
    expect(entry!.message).toBe('could not connect with [redacted]');
    expect(entry!.error.message).toContain('login with [redacted] failed');
    expect(entry!.error.stack).toContain('login with [redacted] failed');
    // The cause is printed too (its message is part of the serialized error), masked.
    expect(lines[0]).toContain('401: Unauthorized (token [redacted])');
    expect(entry!.request.headers.authorization).toBe('Bot [redacted]');
  });

  it('refuse an unknown level', () => {
    expect(() => createLogger({ level: 'loud' as LogLevel })).toThrow(/unknown log level "loud"/);
  });
});
