/**
 * `npm run eval:tune`: sweeps the global settings of the three outcomes and the fusion on the
 * tune halves of both evaluation corpora only (never the held-out halves), best first by:
 * off-topic declined (up to 0.95), then fewest false "not covered", then hit@3 + MRR.
 */
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { SearchOptions } from '../../src/search/passage-index.js';
import { SentenceEncoder } from '../../src/search/sentence-encoder.js';
import { loadHomeQuestions, runQuestions, score, type EvalQuestion, type Ranked, type Ranker } from './evaluate.js';
import { loadNewsPages } from './news-pages.js';
import { ourRankerWithMeaning } from './rankers.js';

const loaded = await loadCorpus('corpus');
if (!loaded.ok) throw new Error('the corpus does not load');
const encoder = new SentenceEncoder();
const sets: { name: string; rankerFor: (options?: SearchOptions) => Ranker; questions: EvalQuestion[] }[] = [
  { name: 'home', rankerFor: await ourRankerWithMeaning(loaded.corpus, encoder), questions: loadHomeQuestions().filter((q) => q.split === 'tune') },
];
const news = loadNewsPages();
if (news) sets.push({ name: 'news', rankerFor: await ourRankerWithMeaning(news.corpus, encoder), questions: news.questions.filter((q) => q.split === 'tune') });

const rows: { options: SearchOptions; line: string; key: number[] }[] = [];
const grid: SearchOptions[] = [];
// The ranking (meaningWeight, similarityMargin) was chosen by hit@3 and MRR in a first sweep; these decide the outcome.
for (const closestCoverage of [0.35, 0.4, 0.45, 0.5, 0.55, 0.6])
  for (const closestSimilarity of [0, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6])
    for (const meaningClosestSimilarity of [0.5, 0.55, 0.6, 0.65, 2])
      for (const answerSimilarity of [0.6, 0.7, 2]) grid.push({ meaningWeight: 0.5, similarityMargin: 0.1, closestCoverage, closestSimilarity, meaningClosestSimilarity, answerSimilarity });
for (const options of grid) {
        const all = new Map<EvalQuestion, Ranked>();
        const parts: string[] = [];
        for (const set of sets) {
          const results = await runQuestions(set.rankerFor(options), set.questions);
          for (const entry of results) all.set(...entry);
          const s = score(results);
          parts.push(`${set.name} ${s.hitAt3.toFixed(2)}/${s.mrr.toFixed(2)} fnc ${s.falseNotCovered.toFixed(2)} off ${s.offTopicDeclined.toFixed(2)} un ${s.unansweredDeclined.toFixed(2)}`);
        }
        const s = score(all);
        rows.push({ options, line: `${JSON.stringify(options)}  ${parts.join('  |  ')}`, key: [Math.min(s.offTopicDeclined, 0.95), -s.falseNotCovered, s.mrr + s.hitAt3 + s.unansweredDeclined / 4] });
      }
rows.sort((a, b) => b.key[0]! - a.key[0]! || b.key[1]! - a.key[1]! || b.key[2]! - a.key[2]!);
for (const row of rows.slice(0, 25)) console.log(row.line);
await encoder.close();
