import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { loadHomeQuestions, runQuestions, score } from './evaluate.js';
import { ourRanker } from './rankers.js';

describe('retrieval quality on the held-out evaluation questions', () => {
  it('keeps hit@3 and off-topic abstention at or above 0.9', async () => {
    const loaded = await loadCorpus('corpus');
    if (!loaded.ok) throw new Error('corpus failed to load');
    const scores = score(await runQuestions(ourRanker(loaded.corpus), loadHomeQuestions()));
    expect(scores.hitAt3).toBeGreaterThanOrEqual(0.9);
    expect(scores.offTopicDeclined).toBeGreaterThanOrEqual(0.9);
  });
});
