/**
 * A burst of questions at once, each search costly (a 10,000-paragraph corpus, long questions): every
 * interaction must still be acknowledged within Discord's 3 s, and each then answered in full or told
 * "busy", none lost. Searching as each question arrives would acknowledge the last ones only after
 * all the searches before them.
 */
import { rm } from 'node:fs/promises';
import type { InteractionHandle } from '@kursk/discord-emulator';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load-corpus.js';
import { BUSY_PRIVATE_NOTE, DEFAULT_LIMITS, SearchQueue } from '../../../src/discord/search-queue.js';
import { loadQuestions } from '../../eval/evaluate.js';
import { contentOf, CORPUS_DIR, embedsOf, expectEphemeral, useHarness, waitUntil } from '../../helpers/harness.js';
import { acknowledgedInTime, answeredOnce, outcomeOf, tally } from '../../helpers/outcomes.js';
import { syntheticCorpus, writeCorpus } from '../../helpers/synthetic-corpus.js';

const BURST = 200;
const PARAGRAPHS = 10_000;
/** Fewer owed answers than the bot's default, so the deferred searches (each costly here) finish soon. */
const SHED_AT = 60;

// Discord's heartbeat interval: the harness's quick one would take a search's pause for a dead connection.
const harness = useHarness('file', { heartbeatIntervalMs: 41_250, searches: new SearchQueue({ ...DEFAULT_LIMITS, shedAt: SHED_AT }) });

/** Distinct questions of Discord's maximum length, made of the evaluation questions' words. */
function longQuestions(count: number): string[] {
  const questions = loadQuestions();
  const words = [...questions.answerable, ...questions.unanswered].flatMap((entry) => entry.question.split(/\s+/));
  return Array.from({ length: count }, (_, index) => {
    let question = '';
    for (let word = index; question.length < 300; word += 7) question += `${words[word % words.length]!} `;
    return question.slice(0, 300);
  });
}

describe('a burst of questions at once', () => {
  it(`acknowledges all ${BURST} within 3 s, then answers each or says "busy": none lost`, async () => {
    const h = harness();
    const base = await loadCorpus(CORPUS_DIR);
    if (!base.ok) throw new Error('corpus/ does not load');
    await rm(h.corpusDir, { recursive: true });
    await writeCorpus(syntheticCorpus(base.corpus, PARAGRAPHS), h.corpusDir);
    expect((await h.library.reload()).kind).toBe('reloaded');

    const users = [h.users.plain, h.users.other, h.users.manager, h.users.moderator];
    const handles: InteractionHandle[] = longQuestions(BURST).map((question, index) =>
      h.emulator.sendChatInput({ user: users[index % users.length]!, name: 'ask', options: { question } }),
    );
    await waitUntil(() => handles.every((handle) => outcomeOf(handle) !== 'lost'), 90_000, 'every interaction to be answered').catch(() => undefined);

    const counts = tally(handles);
    const late = handles.filter((handle) => !acknowledgedInTime(handle)).map((handle) => handle.ackLatencyMs);
    expect({ late: late.length, lost: counts.lost }, `acknowledgement latencies of the late ones: ${late.slice(0, 10).join(', ')}`).toEqual({
      late: 0,
      lost: 0,
    });
    expect(counts.answered + counts.busy).toBe(BURST);
    expect(counts.answeredOnce).toBe(BURST);
    expect(counts.answered).toBeGreaterThanOrEqual(SHED_AT);
    expect(counts.busy).toBeGreaterThan(0);
    expect(h.emulator.requests.filter((request) => request.status === 404)).toEqual([]);

    // A deferred answer is private (its visibility was fixed when deferred) and says why.
    const deferred = handles.filter((handle) => handle.callbacks[0]?.callbackType === 5);
    for (const handle of deferred) {
      expectEphemeral(handle.callbacks[0]!);
      const edit = handle.edits[0]!;
      expect(embedsOf(edit).length + contentOf(edit).length).toBeGreaterThan(0);
    }
    expect(deferred.some((handle) => contentOf(handle.edits[0]!).includes(BUSY_PRIVATE_NOTE))).toBe(true);
    expect(handles.every(answeredOnce)).toBe(true);
  }, 180_000);
});
