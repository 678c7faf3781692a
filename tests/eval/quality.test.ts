import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { evaluate, loadQuestions } from './evaluate.js';
import { ourRanker } from './rankers.js';

describe('retrieval quality on the evaluation set', () => {
  it('keeps hit@3 and off-topic abstention at or above 0.9', async () => {
    const loaded = await loadCorpus('corpus');
    if (!loaded.ok) throw new Error('corpus failed to load');
    const scores = evaluate(ourRanker(loaded.corpus), loadQuestions());
    expect(scores.hitAt3).toBeGreaterThanOrEqual(0.9);
    expect(scores.offTopicAbstention).toBeGreaterThanOrEqual(0.9);
  });
});
