import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { answerQuestion } from '../../src/answer/reply.js';
import { Library } from '../../src/library/library.js';
import { SentenceEncoder } from '../../src/search/sentence-encoder.js';

/** Matching by meaning with the real sentence encoder (Universal Sentence Encoder lite on its worker thread). */
let encoder: SentenceEncoder;
let dir: string;
const report = (id: string, paragraphs: string[]) => `---\nid: ${id}\n---\n\n${paragraphs.join('\n\n')}\n`;
const harbour = [
  'The harbour master said the ferry service could commence within days, once the storm damage is repaired.',
  'Fishermen complained that the new quotas were decided without asking them.',
  'The town council approved a budget of two million euros for the sea wall.',
];

beforeAll(async () => {
  encoder = new SentenceEncoder();
  dir = await mkdtemp(path.join(tmpdir(), 'meaning-'));
  await writeFile(path.join(dir, 'a.md'), report('a', harbour));
});
afterAll(async () => {
  await encoder.close();
  await rm(dir, { recursive: true, force: true });
});

describe('matching by meaning', { timeout: 60_000 }, () => {
  it('answers by words at once, while the paragraphs are embedded in the background, then by meaning too', async () => {
    const opened = await Library.open('corpus', encoder);
    if (!opened.ok) throw new Error('corpus does not load');
    const live = opened.library;
    // The reports say Trump "pledged to end the war within 24 hours" (004:3): no word of the question but "Trump" and "war".
    const question = 'how quickly did trump say he would wrap up the war?';
    expect(live.current.meaning?.complete).toBe(false);
    const before = await answerQuestion(live.current, encoder, question);
    await live.meaningFilled();
    expect(live.current.meaning?.complete).toBe(true);
    const after = await answerQuestion(live.current, encoder, question);
    expect(before.kind).toBe('not-covered');
    expect(after).toMatchObject({ kind: 'answer', match: 'closest' });
    if (after.kind === 'answer') expect(after.quotes.slice(0, 3).map((quote) => quote.paragraph.id)).toContain('004:3');
  });

  it('answers by words alone when the meaning of the question does not come back in time', async () => {
    const opened = await Library.open('corpus', encoder);
    if (!opened.ok) throw new Error('corpus does not load');
    await opened.library.meaningFilled();
    // The encoder's thread is stuck (or a burst is queued on it): the question's vector never arrives.
    const stuck = vi.spyOn(encoder, 'embedQuestion').mockReturnValue(new Promise<Float32Array>(() => undefined));
    const started = Date.now();
    const reply = await answerQuestion(opened.library.current, encoder, 'How many North Korean troops are in Kursk?');
    stuck.mockRestore();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(reply).toMatchObject({ kind: 'answer', match: 'answer' });
  });

  it('re-embeds only the paragraphs whose text changed on a reload', async () => {
    const opened = await Library.open(dir, encoder);
    if (!opened.ok) throw new Error('corpus does not load');
    await opened.library.meaningFilled();
    const embedded = vi.spyOn(encoder, 'embedParagraphs');
    await writeFile(path.join(dir, 'a.md'), report('a', [harbour[0]!, 'Fishermen welcomed the new quotas.', harbour[2]!]));
    expect((await opened.library.reload()).kind).toBe('reloaded');
    await opened.library.meaningFilled();
    expect(embedded.mock.calls.flatMap(([texts]) => texts)).toEqual(['Fishermen welcomed the new quotas.']);
    expect(opened.library.current.meaning?.complete).toBe(true);
    embedded.mockRestore();
  });

  it('gives the closest passages when the paragraphs matching the words are also the closest in meaning, however low the cosine', async () => {
    const opened = await Library.open('corpus', encoder);
    if (!opened.ok) throw new Error('corpus does not load');
    await opened.library.meaningFilled();
    // The two paragraphs that say when: 003:1, "the attack could commence within days", and 000:2, "a full-scale ground
    // assault has yet to commence… in the coming days". The encoder barely relates "kick off" to them (cosine about 0.2).
    const reply = await answerQuestion(opened.library.current, encoder, 'when will the assault kick off?');
    expect(reply).toMatchObject({ kind: 'answer', match: 'closest' });
    if (reply.kind === 'answer')
      expect(reply.quotes.slice(0, 3).map((quote) => quote.paragraph.id)).toEqual(expect.arrayContaining([expect.stringMatching(/^(003:1|000:2)$/)]));
  });

  it('declines when the paragraphs matching some of the words are not the ones closest in meaning', async () => {
    const opened = await Library.open('corpus', encoder);
    if (!opened.ok) throw new Error('corpus does not load');
    await opened.library.meaningFilled();
    // "Moscow" is in 003:2 and 000:5 (cosine about 0.3), but other paragraphs are closer in meaning (about 0.38).
    expect((await answerQuestion(opened.library.current, encoder, "what's the weather in Moscow today")).kind).toBe('not-covered');
  });

  it('declines a question naming, with a capital, something the reports never mention, however close its other words come', async () => {
    const opened = await Library.open('corpus', encoder);
    if (!opened.ok) throw new Error('corpus does not load');
    await opened.library.meaningFilled();
    const index = opened.library.current;
    // The reports never mention Germany; "how many troops" alone matches half the question's words, and its meaning is close (about 0.54).
    const question = 'how many troops does the US have in Germany';
    const meaning = await encoder.embedQuestion(question);
    expect(index.search(question, {}, meaning).match).toBe('none');
    expect(index.search(question, { unknownNameRulesOut: false }, meaning).match).toBe('closest');
    // In lower case, a name may be a misspelt word ("abel" for "able"): not ruled out.
    expect(index.search(question.toLowerCase(), {}, await encoder.embedQuestion(question.toLowerCase())).match).toBe('closest');
  });

  it('still declines a question about something no report is about', async () => {
    const opened = await Library.open(dir, encoder);
    if (!opened.ok) throw new Error('corpus does not load');
    await opened.library.meaningFilled();
    expect((await answerQuestion(opened.library.current, encoder, 'who won the world cup final?')).kind).toBe('not-covered');
  });
});
