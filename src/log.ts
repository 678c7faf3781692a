/** Structured logs (pino): one JSON object per line on stdout, with secrets masked wherever they appear. */
import { pino, stdSerializers, stdTimeFunctions } from 'pino';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * `write` receives each line without its newline (tests collect them); by default lines go to stdout
 * synchronously, so the last line before an exit is not lost.
 */
export function createLogger(options: { level: LogLevel; secrets?: readonly string[]; write?: (line: string) => void }): Logger {
  if (!LOG_LEVELS.includes(options.level)) throw new Error(`unknown log level "${options.level}" (use ${LOG_LEVELS.join(', ')})`);
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 8);
  // pino's own `redact` works on known paths; a token can sit anywhere (an error's message, its
  // stack, a cause, a request body), so each finished line is masked instead.
  const mask = (line: string) => secrets.reduce((masked, secret) => masked.split(secret).join('[redacted]'), line);
  const write = options.write ?? stdoutLines();
  const logger = pino(
    {
      level: options.level,
      messageKey: 'message',
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: stdSerializers.err },
    },
    { write: (chunk: string) => write(mask(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk)) },
  );
  return {
    debug: (message, fields = {}) => logger.debug(fields, message),
    info: (message, fields = {}) => logger.info(fields, message),
    warn: (message, fields = {}) => logger.warn(fields, message),
    error: (message, fields = {}) => logger.error(fields, message),
  };
}

function stdoutLines(): (line: string) => void {
  const destination = pino.destination({ dest: 1, sync: true });
  return (line) => destination.write(`${line}\n`);
}
