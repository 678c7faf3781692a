import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { SentenceEncoder } from '../../src/search/sentence-encoder.js';
import { loadHomeQuestions, runQuestions, score, type EvalQuestion } from './evaluate.js';
import { loadNewsPages, NEWS_PAGES_DIR } from './news-pages.js';
import { ourRankerWithMeaning, tunedMiniSearchRanker } from './rankers.js';

/**
 * Retrieval quality on the held-out halves (never used to choose a setting), with floors a little
 * under what `npm run eval` measures, so a change that makes answers worse fails here.
 */
const encoder = new SentenceEncoder();
afterAll(() => encoder.close());
/** Floors, a little under the held-out figures measured when the settings were chosen. */
const HOME = { hitAt3: 0.85, mrr: 0.85, falseNotCovered: 0.05, offTopicDeclined: 0.7 };
const NEWS = { hitAt3OverTunedMiniSearch: 0, mrr: 0.65, falseNotCovered: 0.05, offTopicDeclined: 0.9 };
const SQUAD_STYLE = { hitAt3: 0.92, mrr: 0.88, falseNotCovered: 0.03, offTopicDeclined: 0.9 };
const heldOut = (questions: EvalQuestion[]) => questions.filter((question) => question.split === 'held-out');

describe('retrieval quality on held-out evaluation questions', () => {
  it('home reports', async () => {
    const loaded = await loadCorpus('corpus');
    if (!loaded.ok) throw new Error('corpus failed to load');
    const scores = score(await runQuestions((await ourRankerWithMeaning(loaded.corpus, encoder))(), heldOut(loadHomeQuestions(loaded.corpus))));
    expect(scores.hitAt3).toBeGreaterThanOrEqual(HOME.hitAt3);
    expect(scores.mrr).toBeGreaterThanOrEqual(HOME.mrr);
    expect(scores.falseNotCovered).toBeLessThanOrEqual(HOME.falseNotCovered);
    expect(scores.offTopicDeclined).toBeGreaterThanOrEqual(HOME.offTopicDeclined);
  }, 120_000);

  const news = loadNewsPages();
  it.skipIf(!news)(
    `news pages (skipped when ${NEWS_PAGES_DIR} is absent)`,
    async () => {
      const questions = heldOut(news!.questions);
      const scores = score(await runQuestions((await ourRankerWithMeaning(news!.corpus, encoder))(), questions));
      const tuned = score(await runQuestions(tunedMiniSearchRanker(news!.corpus), questions));
      expect(scores.hitAt3).toBeGreaterThanOrEqual(tuned.hitAt3 + NEWS.hitAt3OverTunedMiniSearch);
      expect(scores.mrr).toBeGreaterThanOrEqual(NEWS.mrr);
      expect(scores.falseNotCovered).toBeLessThanOrEqual(NEWS.falseNotCovered);
      expect(scores.offTopicDeclined).toBeGreaterThanOrEqual(NEWS.offTopicDeclined);
    },
    240_000,
  );

  const squadStyle = loadNewsPages('squad-style');
  it.skipIf(!squadStyle)(
    `news pages, SQuAD-style questions (skipped when ${NEWS_PAGES_DIR} is absent)`,
    async () => {
      const scores = score(await runQuestions((await ourRankerWithMeaning(squadStyle!.corpus, encoder))(), heldOut(squadStyle!.questions)));
      expect(scores.hitAt3).toBeGreaterThanOrEqual(SQUAD_STYLE.hitAt3);
      expect(scores.mrr).toBeGreaterThanOrEqual(SQUAD_STYLE.mrr);
      expect(scores.falseNotCovered).toBeLessThanOrEqual(SQUAD_STYLE.falseNotCovered);
      expect(scores.offTopicDeclined).toBeGreaterThanOrEqual(SQUAD_STYLE.offTopicDeclined);
    },
    240_000,
  );
});
