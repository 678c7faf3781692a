/** `npm run deploy-commands`: registers the slash commands with Discord. */
import { config as loadDotenv } from 'dotenv';
import { readConfig } from '../config.js';
import { registerCommands } from './register-commands.js';

loadDotenv({ quiet: true });
const read = readConfig(process.env);
if (!read.ok) {
  console.error(read.message);
  process.exit(1);
}
try {
  const { scope, count } = await registerCommands(read.config);
  console.log(`Registered ${count} commands for ${scope}.`);
} catch (error) {
  console.error(`Could not register the commands: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
