/**
 * `npm run eval:tune`: sweeps the global settings of the three outcomes and the fusion on the
 * tune halves of both evaluation corpora only (never the held-out halves), best first by the cost
 * 3 × false "not covered" + off-topic questions not declined (a false "not covered" is a false
 * statement about the reports; closest passages for an off-topic question are labelled as such),
 * then by hit@3 + MRR. Also prints the trade-off: the best setting at each off-topic level.
 */
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { SearchOptions } from '../../src/search/passage-index.js';
import { SentenceEncoder } from '../../src/search/sentence-encoder.js';
import { loadHomeQuestions, runQuestions, score, type EvalQuestion, type Ranked, type Ranker } from '../../tests/eval/evaluate.js';
import { loadNewsPages } from '../../tests/eval/news-pages.js';
import { ourRankerWithMeaning } from '../../tests/eval/rankers.js';

const loaded = await loadCorpus('corpus');
if (!loaded.ok) throw new Error('the corpus does not load');
const encoder = new SentenceEncoder();
const sets: { name: string; rankerFor: (options?: SearchOptions) => Ranker; questions: EvalQuestion[] }[] = [
  { name: 'home', rankerFor: await ourRankerWithMeaning(loaded.corpus, encoder), questions: loadHomeQuestions().filter((q) => q.split === 'tune') },
];
const news = loadNewsPages();
if (news) sets.push({ name: 'news', rankerFor: await ourRankerWithMeaning(news.corpus, encoder), questions: news.questions.filter((q) => q.split === 'tune') });

const rows: { options: SearchOptions; offTopic: number; fnc: number; line: string; key: number[] }[] = [];
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
        rows.push({ options, offTopic: s.offTopicDeclined, fnc: s.falseNotCovered, line: `${JSON.stringify(options)}  ${parts.join('  |  ')}`, key: [-(3 * s.falseNotCovered + (1 - s.offTopicDeclined)), s.mrr + s.hitAt3 + s.unansweredDeclined / 4] });
      }
rows.sort((a, b) => b.key[0]! - a.key[0]! || b.key[1]! - a.key[1]!);
for (const row of rows.slice(0, 10)) console.log(row.line);
// The trade-off: the best setting at each level of off-topic questions declined.
console.log('\nbest at each off-topic level:');
const levels = new Map<number, (typeof rows)[number]>();
for (const row of [...rows].sort((a, b) => a.fnc - b.fnc || b.key[1]! - a.key[1]!)) {
  const level = Math.round(row.offTopic * 100);
  if (!levels.has(level)) levels.set(level, row);
}
for (const [, row] of [...levels].sort((a, b) => b[0] - a[0])) console.log(row.line);
await encoder.close();
