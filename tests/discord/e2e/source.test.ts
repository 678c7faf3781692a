/** /source end to end: autocomplete, a whole source, one paragraph, and unknown ones. */
import { MessageFlags } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load-corpus.js';
import { DiscordLimits } from '../../../src/discord/limits.js';
import { contentOf, CORPUS_DIR, embedsOf, expectEphemeral, unmarkdown, useHarness } from '../../helpers/harness.js';

const harness = useHarness();

async function corpusParagraph(sourceId: string, number: number): Promise<string> {
  const loaded = await loadCorpus(CORPUS_DIR);
  if (!loaded.ok) throw new Error('corpus/ does not load');
  const text = loaded.corpus.sources.find((source) => source.id === sourceId)?.paragraphs[number - 1]?.text;
  if (text === undefined) throw new Error(`no paragraph ${sourceId}:${number}`);
  return text;
}

describe('/source against the emulator', () => {
  it('autocompletes "00" with the three reports, within Discord limits and in time', async () => {
    const h = harness();
    const handle = h.emulator.sendAutocomplete({ name: 'source', options: { source: '00' }, focused: 'source', user: h.users.plain });
    const reply = await handle.reply();

    expect(reply.callbackType).toBe(8);
    expect(handle.ackLatencyMs).toBeLessThan(DiscordLimits.acknowledgeMs);
    const choices = reply.data?.choices ?? [];
    expect(choices.map((choice) => choice.value)).toEqual(['000', '003', '004']);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeGreaterThan(0);
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.name.startsWith(`${String(choice.value)} · `)).toBe(true);
    }
    expect(choices.find((choice) => choice.value === '004')?.name).toBe(
      '004 · Russia to Mobilize 50,000 Troops Including North Korean Forces... Kursk Attack Imminent',
    );
  });

  it('autocompletes "asia" with the report by The Asia Business Daily', async () => {
    const h = harness();
    const handle = h.emulator.sendAutocomplete({ name: 'source', options: { source: 'asia' }, focused: 'source', user: h.users.plain });
    const reply = await handle.reply();

    expect(reply.callbackType).toBe(8);
    expect(handle.ackLatencyMs).toBeLessThan(DiscordLimits.acknowledgeMs);
    expect(reply.data?.choices?.map((choice) => choice.value)).toEqual(['004']);
  });

  it('shows a whole source: title, publisher and paragraph count', async () => {
    const h = harness();
    const handle = h.command({ name: 'source', options: { source: '004' } });
    const reply = await handle.reply();

    expect(reply.callbackType).toBe(4);
    expect(handle.ackLatencyMs).toBeLessThan(DiscordLimits.acknowledgeMs);
    expect((reply.message?.flags ?? 0) & 64).toBe(0);
    const [embed] = embedsOf(reply);
    expect(embed?.title).toBe('004 — Russia to Mobilize 50,000 Troops Including North Korean Forces... Kursk Attack Imminent');
    const fields = Object.fromEntries((embed?.fields ?? []).map((field) => [field.name, field.value]));
    expect(fields['Publisher']).toBe('The Asia Business Daily');
    expect(fields['Paragraphs']).toBe('6');
    expect(embed?.footer?.text).toBe('Read a paragraph: /source source: 004 paragraph: 1 to 6');
    expect(unmarkdown(embed?.description ?? '')).toBe('© The Asia Business Daily(www.asiae.co.kr). All rights reserved.');
  });

  it('shows one paragraph verbatim with its neighbours in the footer', async () => {
    const h = harness();
    const handle = h.command({ name: 'source', options: { source: '004', paragraph: 3 } });
    const reply = await handle.reply();

    expect(reply.callbackType).toBe(4);
    const [embed] = embedsOf(reply);
    expect(embed?.title).toBe('004 ¶3 — Russia to Mobilize 50,000 Troops…');
    expect(unmarkdown(embed?.description ?? '')).toBe(await corpusParagraph('004', 3));
    expect(embed?.footer?.text).toBe('previous: 004:2 · next: 004:4');
    // The option arrived typed as an integer, as Discord sends it for the registered command.
    const option = (handle.payload['data'] as { options: { name: string; type: number }[] }).options.find((o) => o.name === 'paragraph');
    expect(option?.type).toBe(4);
  });

  it('shows the first and last paragraphs with only one neighbour', async () => {
    const h = harness();
    const first = embedsOf(await h.command({ name: 'source', options: { source: '004', paragraph: 1 } }).reply())[0];
    const last = embedsOf(await h.command({ name: 'source', options: { source: '004', paragraph: 6 } }).reply())[0];
    expect(first?.footer?.text).toBe('next: 004:2');
    expect(last?.footer?.text).toBe('previous: 004:5');
  });

  it('answers an unknown source privately, naming the known ones', async () => {
    const h = harness();
    const reply = await h.command({ name: 'source', options: { source: '999' } }).reply();

    expect(reply.callbackType).toBe(4);
    expectEphemeral(reply);
    expect(contentOf(reply)).toBe('There is no source “999”. Sources: 000, 003, 004.');
    expect(embedsOf(reply)).toEqual([]);
  });

  it('echoes a link typed as a source without a link preview: a message of text alone is flagged SuppressEmbeds', async () => {
    const h = harness();
    const reply = await h.command({ name: 'source', options: { source: 'https://example.com/report' } }).reply();

    expect(contentOf(reply)).toContain('https://example.com/report');
    expect((reply.message?.flags ?? 0) & MessageFlags.SuppressEmbeds).toBe(MessageFlags.SuppressEmbeds);
  });

  it('answers an unknown paragraph privately, giving the range', async () => {
    const h = harness();
    const reply = await h.command({ name: 'source', options: { source: '004', paragraph: 99 } }).reply();

    expect(reply.callbackType).toBe(4);
    expectEphemeral(reply);
    expect(contentOf(reply)).toBe('Source 004 has paragraphs 1 to 6; there is no paragraph 99.');
  });
});
