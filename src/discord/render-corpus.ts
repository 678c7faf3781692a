import type { APIEmbed } from 'discord-api-types/v10';
import { sourceTitle, truncate } from '../answer/source-label.js';
import { formatCorpusError, type Corpus, type CorpusError, type Source } from '../corpus/model.js';
import type { ChangeSpread } from '../library/change-coordinator.js';
import type { AppliedChange } from '../library/library.js';
import { Colours } from './colours.js';
import { DiscordLimits } from './limits.js';
import { escapeMarkdown } from './markdown.js';
import type { MessagePayload } from './render-reply.js';
import { withSpread } from './render-spread.js';

/** One source's line in /corpus list is cut to this many characters. */
const LIST_LINE = 300;

/** /corpus list: every source with its id, title (or opening), publisher, paragraph count and file. */
export function renderCorpusList(corpus: Corpus): MessagePayload {
  const paragraphs = corpus.sources.reduce((sum, source) => sum + source.paragraphs.length, 0);
  const lines = corpus.sources.map((source) =>
    truncate(
      [
        `**${escapeMarkdown(source.id)}** — ${escapeMarkdown(sourceTitle(source, 120))}`,
        source.publisher && escapeMarkdown(source.publisher),
        `${source.paragraphs.length} ¶`,
        escapeMarkdown(source.file),
      ]
        .filter(Boolean)
        .join(' · '),
      LIST_LINE,
    ),
  );
  // Whole lines only; what does not fit is counted.
  const room = DiscordLimits.embedDescription - 40;
  let description = '';
  let shown = 0;
  for (const line of lines) {
    if (description.length + line.length + 1 > room) break;
    description += `${description ? '\n' : ''}${line}`;
    shown += 1;
  }
  if (shown < lines.length) description += `\n… and ${lines.length - shown} more`;
  return {
    embeds: [
      {
        title: `Corpus: ${corpus.sources.length} sources`,
        description,
        footer: { text: `${paragraphs} paragraphs · version ${corpus.version} · /corpus add, /corpus remove` },
        color: Colours.source,
      },
    ],
  };
}

/** After a change was written and the index swapped. */
export function renderCorpusChanged(change: AppliedChange, source: Source, corpus: Corpus, spread?: ChangeSpread): MessagePayload {
  const title = { add: 'Report added', replace: 'Report replaced', remove: 'Report removed' }[change.action];
  const lines = [
    `**${escapeMarkdown(source.id)}** — ${escapeMarkdown(sourceTitle(source, 200))}`,
    `File: ${escapeMarkdown(change.file)}${change.action === 'remove' ? '' : ` · ${source.paragraphs.length} paragraphs`}`,
    ...(change.history ? [`The previous version is kept in ${escapeMarkdown(change.history)}.`] : []),
    change.action === 'remove' ? 'It is no longer quoted.' : `Check it with /source source: ${escapeMarkdown(source.id)}`,
  ];
  const paragraphs = corpus.sources.reduce((sum, each) => sum + each.paragraphs.length, 0);
  return {
    embeds: [
      {
        title: truncate(`${title}: ${source.id}`, DiscordLimits.embedTitle),
        description: truncate(withSpread(spread, lines.join('\n')), DiscordLimits.embedDescription),
        footer: { text: `${corpus.sources.length} sources, ${paragraphs} paragraphs · version ${corpus.version}` },
        color: Colours.done,
      },
    ],
  };
}

/** Why nothing was changed; file errors as "file:line: reason". */
export function renderCorpusRefusal(reason: string, errors: readonly CorpusError[] = []): MessagePayload {
  const list = errors.map((error) => `• ${escapeMarkdown(formatCorpusError(error))}`).join('\n');
  const embed: APIEmbed = {
    title: 'Nothing was changed',
    description: truncate([escapeMarkdown(reason), list].filter(Boolean).join('\n'), DiscordLimits.embedDescription),
    color: Colours.refused,
  };
  return { embeds: [embed] };
}

/** The change was written but the folder then did not load: it was undone (or could not be). */
export function renderCorpusUndone(errors: readonly CorpusError[], undoFailed: boolean): MessagePayload {
  const why = 'The corpus folder does not load with this change (another file may be broken), so the change was taken back:';
  const payload = renderCorpusRefusal(why, errors);
  if (!undoFailed) return payload;
  const [embed] = payload.embeds ?? [];
  return {
    embeds: [
      {
        ...embed,
        title: 'Change not applied, and could not be taken back',
        description: truncate(
          `${embed?.description ?? ''}\nThe folder could not be restored: an operator must check it (see the log).`,
          DiscordLimits.embedDescription,
        ),
      },
    ],
  };
}
