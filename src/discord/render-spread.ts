import type { ChangeSpread } from '../library/change-coordinator.js';
import { escapeMarkdown } from './markdown.js';

/** `text`, led (under npm run start:sharded) by how many of the bot's processes answer from the new version. */
export function withSpread(spread: ChangeSpread | undefined, text: string): string {
  return spread ? `${describeSpread(spread)}\n\n${text}` : text;
}

/** How many processes serve the new version, and which do not. */
function describeSpread(spread: ChangeSpread): string {
  const served = `Served by ${spread.serving} of ${spread.processes} processes.`;
  if (spread.failed.length === 0) return served;
  const failed = spread.failed.map(({ shards, reason }) => `${shards.length === 1 ? 'shard' : 'shards'} ${shards.join(', ')} (${escapeMarkdown(reason)})`);
  return `${served} Failed: ${failed.join('; ')}. ${spread.failed.length === 1 ? 'It keeps' : 'They keep'} answering from the previous version; run /reload to try again.`;
}
