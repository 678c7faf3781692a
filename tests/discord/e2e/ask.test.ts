/** /ask end to end: the real bot, a real index over a copy of corpus/, the Discord emulator. */
import type { EmulatedMessage } from '@kursk/discord-emulator';
import { MessageFlags } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DiscordLimits } from '../../../src/discord/limits.js';
import { contentOf, embedsOf, expectVerbatimQuote, logLines, unmarkdown, useHarness, waitUntil } from '../../helpers/harness.js';

const harness = useHarness();

describe('/ask against the emulator', () => {
  it("is seen: the answer message, fetched back as a member's client would, shows its embed", async () => {
    const h = harness();
    const { reply } = await h.ask('How many North Korean troops are in Kursk?');
    const { channel_id: channel, id } = reply.message!;
    const response = await fetch(`${h.emulator.apiUrl}/v10/channels/${channel}/messages/${id}`, { headers: { authorization: `Bot ${h.emulator.token}` } });
    const shown = (await response.json()) as EmulatedMessage;

    expect(shown.flags & MessageFlags.SuppressEmbeds, 'SuppressEmbeds would hide the answer').toBe(0);
    expect(shown.embeds).toHaveLength(1);
    expect(shown.embeds[0]?.fields?.length).toBeGreaterThanOrEqual(3);
    // Adjacent matched words are bold as one phrase, not word by word.
    expect(shown.embeds[0]?.fields?.map((field) => field.value).join('\n')).toContain('**North Korean troops**');
  });

  it('answers with an embed quoting the paragraph that answers, labelled with its source', async () => {
    const h = harness();
    const { handle, reply } = await h.ask('What did Jake Sullivan say about the nuclear program?');

    expect(reply.callbackType).toBe(4);
    expect(handle.ackLatencyMs).toBeLessThan(DiscordLimits.acknowledgeMs);
    expect((reply.message?.flags ?? 0) & 64, 'an answer is public').toBe(0);
    const [embed] = embedsOf(reply);
    expect(embedsOf(reply)).toHaveLength(1);
    expect(embed?.title).toBe('What did Jake Sullivan say about the nuclear program?');
    expect(embed?.footer?.text).toBe('Quoted word for word from the reports; the bot adds nothing of its own.');
    const first = embed?.fields?.[0];
    expect(first?.name).toBe('004 ¶6 — Russia to Mobilize 50,000 Troops…');
    expect(await expectVerbatimQuote(h, first!)).toBe('004:6');
    expect(unmarkdown(first!.value)).toContain('National Security Advisor Jake Sullivan responded');
    expect(unmarkdown(first!.value)).toContain('"Could that be for the nuclear program?" he replied, "There is a clear possibility of that,"');
    // The matched words are bold, adjacent ones as one phrase.
    expect(first?.value).toContain('**Jake Sullivan**');
    expect(first?.value).toContain('**nuclear program**');
    for (const field of embed?.fields ?? []) await expectVerbatimQuote(h, field);

    // The bot logs an interaction just after answering it.
    const askLines = () => logLines(h, 'interaction').filter((entry) => entry['command'] === 'ask');
    await waitUntil(() => askLines().length > 0, 3000, 'the /ask log line');
    const [line] = askLines();
    expect(line).toMatchObject({
      level: 'info',
      kind: 'command',
      command: 'ask',
      outcome: 'answer',
      results: expect.any(Number) as unknown,
      latencyMs: expect.any(Number) as unknown,
      user: h.users.plain,
      guild: h.guildId,
    });
  });

  it('says the reports do not cover a question they do not cover, and quotes nothing', async () => {
    const h = harness();
    const { handle, reply } = await h.ask('who won the world cup?');

    expect(reply.callbackType).toBe(4);
    expect(handle.ackLatencyMs).toBeLessThan(DiscordLimits.acknowledgeMs);
    const [embed] = embedsOf(reply);
    expect(embed?.description).toMatch(/^The reports do not cover this\./);
    expect(embed?.fields ?? []).toEqual([]);
    expect(contentOf(reply)).toBe('');
  });

  it('quotes several reports for a question they all answer, each quote verbatim', async () => {
    const h = harness();
    const { reply } = await h.ask('how many north korean troops are in kursk');

    const fields = embedsOf(reply)[0]?.fields ?? [];
    expect(fields.length).toBeGreaterThanOrEqual(3);
    const ids: string[] = [];
    for (const field of fields) ids.push(await expectVerbatimQuote(h, field));
    const sources = new Set(ids.map((id) => id.split(':')[0]));
    expect([...sources].sort()).toEqual(['000', '003', '004']);
    // Quotes are whole paragraphs or marked cuts, never two fields for one paragraph.
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('asks for a question when there is nothing to search, privately', async () => {
    const h = harness();
    const { reply } = await h.ask('the of and ???');

    expect(reply.callbackType).toBe(4);
    expect(contentOf(reply)).toMatch(/^Ask a question about the reports/);
    expect((reply.message?.flags ?? 0) & 64).toBe(64);
  });

  it('answers in a DM too (no guild)', async () => {
    const h = harness();
    const { reply } = await h.ask('What did Jake Sullivan say about the nuclear program?', { guildId: null });

    expect(reply.callbackType).toBe(4);
    expect(embedsOf(reply)[0]?.fields?.[0]?.name).toMatch(/004 ¶6/);
  });

  it('cuts a question longer than Discord allows instead of failing', async () => {
    const h = harness();
    const long = 'north korean troops in kursk '.repeat(20).trim();
    expect(long.length).toBeGreaterThan(300);
    const { reply } = await h.ask(long);

    expect(reply.callbackType).toBe(4);
    const [embed] = embedsOf(reply);
    expect(embed?.title?.length).toBeLessThanOrEqual(DiscordLimits.embedTitle);
    expect(embed?.fields?.length).toBeGreaterThan(0);
  });
});
