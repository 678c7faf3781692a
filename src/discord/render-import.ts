import { ButtonStyle, ComponentType } from 'discord.js';
import { truncate } from '../answer/source-label.js';
import type { PreparedReport } from '../corpus/report-upload.js';
import type { Article } from '../import/extract-article.js';
import { Colours } from './colours.js';
import { DiscordLimits } from './limits.js';
import { escapeMarkdown } from './markdown.js';
import type { MessagePayload } from './render-reply.js';

/** A paragraph shown in the preview is cut to this many characters. */
const SHOWN_PARAGRAPH = 900;
/** At most this many dropped lines are listed (the longest, which are the likeliest to be story text). */
const SHOWN_DROPPED = 8;
const DROPPED_LINE = 120;

export const IMPORT_BUTTON_PREFIX = 'corpus-import';

/** What an import would add, with Add and Cancel; the key points at the pending import kept by the bot. */
export function renderImportPreview(article: Article, prepared: PreparedReport, key: string): MessagePayload {
  const { source } = prepared;
  const unstated = 'not stated by the page';
  const meta = [
    `**Id:** ${escapeMarkdown(source.id)} · file ${escapeMarkdown(source.file)}${prepared.replaces ? ` · **replaces** the report with this id (${prepared.replaces.paragraphs.length} paragraphs)` : ''}`,
    `**Title:** ${source.title ? escapeMarkdown(source.title) : unstated}`,
    `**Publisher:** ${source.publisher ? escapeMarkdown(source.publisher) : unstated}`,
    `**Date:** ${source.date ?? unstated} · **Language:** ${source.language ?? unstated}`,
    `**Address:** ${source.url ? escapeMarkdown(source.url) : unstated}`,
    ...(article.byline ? [`**Byline** (shown here only; reports have no byline field): ${escapeMarkdown(article.byline)}`] : []),
    `**Paragraphs:** ${source.paragraphs.length}${source.headings.length > 0 ? ` under ${source.headings.length} headings` : ''}`,
  ];
  const first = source.paragraphs[0]!;
  const last = source.paragraphs.at(-1)!;
  const fields = [
    { name: 'First paragraph', value: truncate(escapeMarkdown(truncate(first.text, SHOWN_PARAGRAPH)), DiscordLimits.embedFieldValue) },
    ...(source.paragraphs.length > 1
      ? [{ name: `Last paragraph (${last.number})`, value: truncate(escapeMarkdown(truncate(last.text, SHOWN_PARAGRAPH)), DiscordLimits.embedFieldValue) }]
      : []),
  ];
  const dropped = [...article.dropped].sort((a, b) => b.length - a.length).slice(0, SHOWN_DROPPED);
  if (dropped.length > 0) {
    const lines = dropped.map((line) => `• ${escapeMarkdown(truncate(line, DROPPED_LINE))}`).join('\n');
    fields.push({ name: `Left out (${article.dropped.length} lines of text; the longest)`, value: truncate(lines, DiscordLimits.embedFieldValue) });
  }
  return {
    embeds: [
      {
        title: truncate(`Add this report? ${source.title ?? source.id}`, DiscordLimits.embedTitle),
        description: truncate(meta.join('\n'), DiscordLimits.embedDescription),
        fields,
        footer: { text: 'Nothing is written until you press Add. Paragraphs are the page’s own words.' },
        color: Colours.preview,
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Success, label: 'Add', custom_id: `${IMPORT_BUTTON_PREFIX}:add:${key}` },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: `${IMPORT_BUTTON_PREFIX}:cancel:${key}` },
        ],
      },
    ],
  };
}
