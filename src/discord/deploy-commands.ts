/** `npm run deploy-commands`: registers the slash commands with Discord. */
import { config as loadDotenv } from 'dotenv';
import { readConfig } from './config.js';
import { registerCommands } from './register-commands.js';

loadDotenv({ quiet: true });
const read = readConfig(process.env);
if (!read.ok) {
  console.error(read.message);
  process.exit(1);
}
try {
  for (const { scope, names } of await registerCommands(read.config)) console.log(`Registered for ${scope}: ${names.join(', ')}.`);
  if (read.config.ADMIN_GUILD_IDS.length === 0)
    console.log('ADMIN_GUILD_IDS is empty: /reload and /corpus are registered nowhere, so the corpus cannot be changed from Discord.');
} catch (error) {
  console.error(`Could not register the commands: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
