import { truncate } from '../answer/source-label.js';
import { isEmptyDiff, type CorpusDiff } from '../corpus/diff.js';
import { formatCorpusError } from '../corpus/model.js';
import type { ReloadOutcome, Spread } from '../library/library.js';
import { Colours } from './colours.js';
import { DiscordLimits } from './limits.js';
import { escapeMarkdown } from './markdown.js';
import type { MessagePayload } from './render-reply.js';
import { withSpread } from './render-spread.js';

/** What a moderator sees after /reload: what changed, or why nothing did; with several processes, how many took it. */
export function renderReloadOutcome(outcome: Spread<ReloadOutcome>): MessagePayload {
  switch (outcome.kind) {
    case 'invalid': {
      const errors = outcome.errors.map((error) => `• ${escapeMarkdown(formatCorpusError(error))}`).join('\n');
      return {
        embeds: [
          {
            title: 'Reload refused: the corpus has errors',
            description: truncate(`The previous corpus keeps answering. Fix these and run /reload again:\n${errors}`, DiscordLimits.embedDescription),
            color: Colours.refused,
          },
        ],
      };
    }
    case 'reloaded': {
      const { corpus } = outcome.index;
      const paragraphs = corpus.sources.reduce((sum, source) => sum + source.paragraphs.length, 0);
      return {
        embeds: [
          {
            title: 'Corpus reloaded',
            description: truncate(withSpread(outcome.spread, describeDiff(outcome.diff)), DiscordLimits.embedDescription),
            footer: { text: `${corpus.sources.length} sources, ${paragraphs} paragraphs · version ${corpus.version}` },
            color: Colours.done,
          },
        ],
      };
    }
  }
}

function describeDiff(diff: CorpusDiff): string {
  if (isEmptyDiff(diff)) return 'Nothing changed.';
  const lines: [string, readonly string[]][] = [
    ['Sources added', diff.addedSources],
    ['Sources removed', diff.removedSources],
    ['Source details changed', diff.changedMetadata],
    ['Paragraphs added', diff.addedParagraphs],
    ['Paragraphs removed', diff.removedParagraphs],
    ['Paragraphs changed', diff.changedParagraphs],
  ];
  return lines
    .filter(([, ids]) => ids.length > 0)
    .map(([label, ids]) => `**${label}** (${ids.length}): ${escapeMarkdown(ids.join(', '))}`)
    .join('\n');
}
