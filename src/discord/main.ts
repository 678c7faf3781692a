/** `npm start`: runs the bot until SIGINT or SIGTERM. */
import { randomBytes } from 'node:crypto';
import { config as loadDotenv } from 'dotenv';
import { readConfig } from '../config.js';
import { formatCorpusError } from '../corpus/model.js';
import { createLogger } from '../log.js';
import { LiveIndex } from '../search/live-index.js';
import { createBot } from './bot.js';
import { BotMonitor, serveMonitoring } from './monitoring.js';

loadDotenv({ quiet: true });
const read = readConfig(process.env);
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

const opened = await LiveIndex.open(config.CORPUS_DIR);
if (!opened.ok) {
  logger.error('the corpus cannot be loaded', { errors: opened.errors.map(formatCorpusError) });
  process.exit(1);
}
logger.info('corpus loaded', { version: opened.live.current.corpus.version, paragraphs: opened.live.current.paragraphCount });

monitor?.watchCorpus(opened.live);
const bot = createBot(config, opened.live, logger, undefined, monitor);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
try {
  await bot.start();
} catch (error) {
  logger.error('could not connect to Discord', { error });
  process.exit(1);
}
