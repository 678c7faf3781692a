import { describe, expect, it } from 'vitest';
import { buildReply, CLOSEST_LABEL, replyWithParagraphs } from '../../src/answer/reply.js';
import { truncate } from '../../src/answer/source-label.js';
import { lookUpSource } from '../../src/answer/source-lookup.js';
import { DiscordLimits } from '../../src/discord/limits.js';
import { escapeMarkdown } from '../../src/discord/markdown.js';
import { renderReloadOutcome } from '../../src/discord/render-reload.js';
import { renderReply } from '../../src/discord/render-reply.js';
import { renderSourceLookup, sourceChoices } from '../../src/discord/render-source.js';
import { PassageIndex } from '../../src/search/passage-index.js';
import { renderReply as renderTerminalReply } from '../../src/terminal/render.js';
import { corpusFrom } from '../helpers/corpus.js';

/** Undoes escapeMarkdown and bold marks, to compare what Discord shows with the corpus. */
const shown = (markdown: string) => markdown.replace(/\*\*/g, '').replace(/\\(.)/g, '$1');

const sentence = (n: number) => `Sentence ${n} tells of the garrison at Kursk and its ${n * 10} guards. `;
const longParagraph = Array.from({ length: 80 }, (_, n) => sentence(n + 1))
  .join('')
  .trim();
const tricky =
  'Warning @everyone: *stars*, _under_, `code`, > quote, # heading, - list, [link](http://x.example), <@123456789012345678> and ~~strike~~ || spoiler ||.';
const corpus = corpusFrom({
  'a.md': `---\nid: long\ntitle: ${'A very long title '.repeat(13).trim()}\npublisher: The Garrison Gazette\n---\n\n${longParagraph}\n\n${tricky}\n`,
  'b.md': `---\nid: b\n---\n\nThe Kursk garrison guards were counted again.\n`,
});
const index = new PassageIndex(corpus);

function embedLength(embed: { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } }) {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

describe('the /ask embed', () => {
  it('labels closest passages as such, with the fixed label, and answers without it', () => {
    const closest = replyWithParagraphs(corpus, 'how many guards', ['b:1'], 'closest')!;
    const answer = replyWithParagraphs(corpus, 'how many guards', ['b:1'])!;
    expect(renderReply(closest).embeds![0]!.description).toBe(CLOSEST_LABEL);
    expect(renderReply(answer).embeds![0]!.description).toBeUndefined();
    expect(renderTerminalReply(closest, { color: false }).startsWith(`${CLOSEST_LABEL}\n`)).toBe(true);
    expect(renderTerminalReply(answer, { color: false })).not.toContain(CLOSEST_LABEL);
  });

  it('cuts a long paragraph after a sentence, says so, and stays within every limit', () => {
    const reply = buildReply(index, 'garrison guards kursk');
    const embed = renderReply(reply).embeds![0]!;
    expect(embed.fields!.length).toBeGreaterThan(0);
    expect(embedLength(embed)).toBeLessThanOrEqual(DiscordLimits.embedTotal);
    expect(embed.title!.length).toBeLessThanOrEqual(DiscordLimits.embedTitle);
    const long = embed.fields!.find((field) => field.name === 'long ¶1 — A very long title A very long title A…')!;
    expect(long.value.length).toBeLessThanOrEqual(DiscordLimits.embedFieldValue);
    expect(long.name.length).toBeLessThanOrEqual(DiscordLimits.embedFieldName);
    expect(long.value).toMatch(/\*\*guards\*\*\. … \*\(whole paragraph: \/source source: long paragraph: 1\)\*$/);
    const quoted = shown(long.value.replace(/ … \*\(whole paragraph.*$/, ''));
    expect(longParagraph.startsWith(quoted)).toBe(true);
  });

  it('bolds the matched words and leaves the rest as written', () => {
    const field = renderReply(buildReply(index, 'counted')).embeds![0]!.fields![0]!;
    expect(field.value).toBe('The Kursk garrison guards were **counted** again.');
    expect(field.name).toBe('b ¶1 — “The Kursk garrison guards were…”');
  });

  it('bolds a run of adjacent matched words as one span, escaped inside, the quote otherwise as written', () => {
    const text = 'Kim Jong-un sent North Korean troops, Kursk *officials* said; the troops\nstayed.';
    const reply = buildReply(new PassageIndex(corpusFrom({ 'k.md': `---\nid: k\n---\n\n${text}\n` })), 'kim jong-un north korean troops kursk officials');
    const field = renderReply(reply).embeds![0]!.fields![0]!;
    expect(field.value).toBe('**Kim Jong\\-un** sent **North Korean troops**, **Kursk** \\***officials**\\* said; the **troops**\nstayed.');
    expect(shown(field.value)).toBe(text);
  });

  it('makes markdown, links and mentions in a report inert', () => {
    const reply = buildReply(index, 'spoiler strike stars');
    const field = renderReply(reply).embeds![0]!.fields!.find((candidate) => candidate.name.includes('¶2'))!;
    expect(shown(field.value)).toBe(tricky);
    // Once escaped characters and our own bold marks are set aside, no markup character is left.
    expect(field.value.replace(/\\./g, '').replace(/\*\*/g, '')).not.toMatch(/[*_`~|>#<@[\]()-]/);
  });

  it('escapes a title or publisher a moderator wrote with markdown in it', () => {
    const marked = corpusFrom({ 'm.md': '---\nid: m\ntitle: The *Bulletin* @everyone\npublisher: _Wire_\n---\n\nThe garrison stood.\n' });
    const field = renderReply(buildReply(new PassageIndex(marked), 'garrison')).embeds![0]!.fields![0]!;
    expect(field.name).toBe('m ¶1 — The \\*Bulletin\\* \\@everyone');
    expect(renderSourceLookup(lookUpSource(marked, 'm', 1)).embeds![0]!.title).toBe('m ¶1 — The \\*Bulletin\\* \\@everyone');
    const untitled = corpusFrom({ 'w.md': '---\nid: w\npublisher: _Wire_ <@123456789012345678>\n---\n\nThe garrison stood.\n' });
    expect(renderReply(buildReply(new PassageIndex(untitled), 'garrison')).embeds![0]!.fields![0]!.name).toBe('w ¶1 — \\_Wire\\_ \\<\\@123456789012345678\\>');
  });

  it('says when nothing is covered, and asks for a question when none was asked', () => {
    expect(renderReply(buildReply(index, 'best pizza in rome')).embeds![0]!.description).toBe('The reports do not cover this.');
    expect(renderReply(buildReply(index, '   ')).content).toMatch(/^Ask a question/);
  });
});

describe('the /source replies', () => {
  it('shows a long paragraph within the description limit and says it goes on', () => {
    const embed = renderSourceLookup(lookUpSource(corpus, 'long', 1)).embeds![0]!;
    expect(embed.description!.length).toBeLessThanOrEqual(DiscordLimits.embedDescription);
    expect(embed.title!.length).toBeLessThanOrEqual(DiscordLimits.embedTitle);
    expect(embed.description).toMatch(/… \*\(the paragraph goes on in a\\?\.md\)\*$/);
    expect(longParagraph.startsWith(shown(embed.description!.replace(/ … \*\(the paragraph.*$/, '')))).toBe(true);
    expect(embed.footer!.text).toBe('next: long:2');
  });

  it('shows a short paragraph whole', () => {
    const embed = renderSourceLookup(lookUpSource(corpus, 'long', 2)).embeds![0]!;
    expect(shown(embed.description!)).toBe(tricky);
    expect(embed.footer!.text).toBe('previous: long:1');
  });

  it('offers autocomplete choices within 100 characters', () => {
    const choices = sourceChoices(corpus.sources);
    expect(choices.map((choice) => choice.value)).toEqual(['long', 'b']);
    for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(DiscordLimits.autocompleteChoiceName);
  });

  it('escapes an unknown source id typed by a user', () => {
    expect(renderSourceLookup(lookUpSource(corpus, '@everyone')).content).toBe('There is no source “\\@everyone”. Sources: long, b.');
  });
});

describe('truncate', () => {
  it('never splits a surrogate pair', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('abc😀d', 4)).toBe('abc…');
    expect(truncate('abcd', 4)).toBe('abcd');
  });
});

describe('escapeMarkdown', () => {
  it('escapes list numbers at a line start but not figures in a sentence', () => {
    expect(escapeMarkdown('1. first\n2024 was 3.5')).toBe('1\\. first\n2024 was 3.5');
  });
});

describe('the /reload answer under npm run start:sharded', () => {
  const reloaded = {
    kind: 'reloaded' as const,
    diff: { addedSources: ['b'], removedSources: [], changedMetadata: [], addedParagraphs: [], removedParagraphs: [], changedParagraphs: [] },
    index,
  };

  it('says how many processes serve the new version only when there are several', () => {
    expect(JSON.stringify(renderReloadOutcome(reloaded))).not.toContain('processes');
    expect(renderReloadOutcome({ ...reloaded, spread: { processes: 2, serving: 2, failed: [] } }).embeds?.[0]?.description).toMatch(
      /^Served by 2 of 2 processes\.\n\n\*\*Sources added\*\*/,
    );
  });

  it('names the processes that failed, which keep the old version, within the embed limit', () => {
    const failed = Array.from({ length: 300 }, (_, shard) => ({ shards: [shard], reason: 'reload failed: `900.md`: no *paragraphs*' }));
    const description = renderReloadOutcome({ ...reloaded, spread: { processes: 301, serving: 1, failed } }).embeds?.[0]?.description ?? '';
    expect(description).toMatch(/^Served by 1 of 301 processes\. Failed: shard 0 \(reload failed: \\`900\.md\\`: no \\\*paragraphs\\\*\); shard 1 /);
    expect(description.length).toBeLessThanOrEqual(DiscordLimits.embedDescription);
  });
});
