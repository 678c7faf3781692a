/** `npm start`: runs the bot until SIGINT or SIGTERM. */
import { randomBytes } from 'node:crypto';
import { config as loadDotenv } from 'dotenv';
import { formatCorpusError } from '../corpus/model.js';
import { singleProcess } from '../library/change-coordinator.js';
import { Library } from '../library/library.js';
import { createLogger } from '../log.js';
import { SentenceEncoder } from '../search/sentence-encoder.js';
import { createBot } from './bot.js';
import { readConfig } from './config.js';
import { BotMonitor, serveMonitoring } from './monitoring.js';
import { followResult, ManagerLink, processChannel } from './sharding/manager-link.js';

loadDotenv({ quiet: true });
// discord.js reads SHARDS from the environment itself (ShardingManager sets it for its children) and
// JSON-parses it: the blank SHARDS= that .env.example shows would crash the client. Blank means unset.
if (process.env.SHARDS?.trim() === '') delete process.env.SHARDS;
// Under the ShardingManager (npm run start:sharded) SHARDS and SHARD_COUNT are its word to discord.js,
// which reads them itself; they are not this bot's SHARDS setting.
const underManager = process.env.SHARDING_MANAGER !== undefined && process.send !== undefined;
const read = readConfig(underManager ? { ...process.env, SHARDS: undefined } : process.env);
if (!read.ok) {
  console.error(read.message);
  process.exit(1);
}
const config = read.config;
const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });

process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { errorId: randomBytes(4).toString('hex'), error }));

// Served before the corpus loads, so a health check sees "no corpus loaded yet" rather than nothing.
let monitor: BotMonitor | undefined;
if (config.METRICS_PORT !== undefined) {
  monitor = new BotMonitor();
  const served = await serveMonitoring(monitor, config.METRICS_HOST, config.METRICS_PORT).catch((error: unknown) => {
    logger.error('the metrics endpoint cannot listen', { host: config.METRICS_HOST, port: config.METRICS_PORT, error });
    process.exit(1);
  });
  logger.info('metrics endpoint listening', { metrics: `${served.url}/metrics`, health: `${served.url}/healthz` });
}

// With other processes, a corpus change is made one at a time across all of them and reaches each.
// Listening from before the corpus loads: a change made meanwhile is followed once it has loaded.
let libraryOpened: (library: Library) => void = () => undefined;
const libraryReady = new Promise<Library>((resolve) => (libraryOpened = resolve));
const coordinator = underManager
  ? new ManagerLink(processChannel(), async () => followResult(await (await libraryReady).followChange()), logger)
  : singleProcess;

const encoder = config.SEARCH_MEANING === 'on' ? new SentenceEncoder() : undefined;
const opened = await Library.open(
  config.CORPUS_DIR,
  encoder,
  (error) => logger.warn('matching by meaning is off: the sentence encoder failed', { error }),
  coordinator,
);
if (!opened.ok) {
  logger.error('the corpus cannot be loaded', { errors: opened.errors.map(formatCorpusError) });
  process.exit(1);
}
logger.info('corpus loaded', { version: opened.library.current.corpus.version, paragraphs: opened.library.current.paragraphCount });
const library = opened.library;
libraryOpened(library);
void library.meaningFilled().then(() => {
  if (library.current.meaning?.complete) logger.info('matching by meaning ready', { paragraphs: library.current.paragraphCount });
});

monitor?.watchCorpus(opened.library);
const bot = createBot(config, opened.library, logger, monitor ? { monitor } : {});
let stopping = false;
// The first SIGINT or SIGTERM starts a drain; later ones are logged and ignored (npm forwards a signal its
// process group also received, and a second Ctrl-C must not lose answers). The drain ends by itself
// (bot.stop's limit); SIGKILL is the way to force it.
function shutDown(reason: { signal: NodeJS.Signals } | { manager: 'gone' }): void {
  if (stopping) {
    logger.info('still draining; signal ignored', reason);
    return;
  }
  stopping = true;
  logger.info('shutting down', reason);
  Promise.all([bot.stop(), encoder?.close()]).then(
    ([drained]) => {
      const exitCode = drained ? 0 : 1;
      logger.info('stopped', { drained, exitCode });
      process.exit(exitCode);
    },
    (error: unknown) => {
      logger.error('could not stop cleanly', { error });
      process.exit(1);
    },
  );
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutDown({ signal }));
// A manager that died can neither restart this process nor spread its changes: it stops rather than run on alone.
if (underManager) process.once('disconnect', () => shutDown({ manager: 'gone' }));
try {
  await bot.start();
} catch (error) {
  logger.error('could not connect to Discord', { error });
  process.exit(1);
}
