/** Structured logs: one JSON object per line on stdout, with secrets masked wherever they appear. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export function createLogger(options: { level: LogLevel; secrets?: readonly string[]; write?: (line: string) => void }): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 8);
  const mask = (line: string) => secrets.reduce((masked, secret) => masked.split(secret).join('[redacted]'), line);
  const log = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (RANK[level] < RANK[options.level]) return;
    write(mask(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }, errorsAsObjects)));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function errorsAsObjects(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}
