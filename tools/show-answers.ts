/**
 * Prints answers as a member sees them on Discord, to read before calling a rendering change done:
 *   npx tsx tools/show-answers.ts "How many North Korean troops are in Kursk?" [more questions…]
 * Bold shows as [[…]], escapes are resolved; the embed's title, fields and footer are laid out in order.
 */
import type { APIEmbed } from 'discord-api-types/v10';
import { buildReply } from '../src/answer/reply.js';
import { loadCorpus } from '../src/corpus/load-corpus.js';
import { formatCorpusError } from '../src/corpus/model.js';
import { renderReply } from '../src/discord/render-reply.js';
import { PassageIndex } from '../src/search/passage-index.js';

const shown = (markdown: string) => markdown.replace(/\*\*(.+?)\*\*(?!\*)/gs, '[[$1]]').replace(/\\(.)/g, '$1');

function print(content: string | undefined, embeds: readonly APIEmbed[]): void {
  if (content) console.log(content);
  for (const embed of embeds) {
    if (embed.title) console.log(`# ${shown(embed.title)}`);
    if (embed.description) console.log(shown(embed.description));
    for (const field of embed.fields ?? []) console.log(`\n  ${shown(field.name)}\n    ${shown(field.value).replace(/\n/g, '\n    ')}`);
    if (embed.footer) console.log(`\n  ${embed.footer.text}`);
  }
  console.log(`\n${'─'.repeat(72)}`);
}

const loaded = await loadCorpus(process.env.CORPUS_DIR || 'corpus');
if (!loaded.ok) throw new Error(loaded.errors.map(formatCorpusError).join('\n'));
const index = new PassageIndex(loaded.corpus);
for (const question of process.argv.slice(2)) {
  const payload = renderReply(buildReply(index, question));
  print(payload.content, payload.embeds ?? []);
}
