/** `npm run eval`: retrieval quality of our search next to bare MiniSearch, on the same paragraphs, in one run. */
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { formatCorpusError } from '../../src/corpus/model.js';
import { evaluate, loadQuestions, type Scores } from './evaluate.js';
import { bareMiniSearchRanker, ourRanker } from './rankers.js';

const loaded = await loadCorpus(process.env.CORPUS_DIR ?? 'corpus');
if (!loaded.ok) {
  console.error(loaded.errors.map(formatCorpusError).join('\n'));
  process.exit(1);
}
const questions = loadQuestions();
const ours = evaluate(ourRanker(loaded.corpus), questions);
const bare = evaluate(bareMiniSearchRanker(loaded.corpus), questions);

const percent = (value: number) => value.toFixed(3);
const rows: [string, (scores: Scores) => number][] = [
  ['hit@1', (s) => s.hitAt1],
  ['hit@3', (s) => s.hitAt3],
  ['MRR', (s) => s.mrr],
  ['answerable questions answered', (s) => s.answered],
  ['off-topic abstention', (s) => s.offTopicAbstention],
  ['on-topic but unanswered: abstention', (s) => s.unansweredAbstention],
];
console.log(
  `${questions.answerable.length} answerable, ${questions.offTopic.length} off-topic, ${questions.unanswered.length} unanswered questions; ${loaded.corpus.sources.length} sources\n`,
);
console.log(`${'metric'.padEnd(38)}${'ours'.padStart(8)}${'bare MiniSearch'.padStart(18)}`);
for (const [name, pick] of rows) console.log(`${name.padEnd(38)}${percent(pick(ours)).padStart(8)}${percent(pick(bare)).padStart(18)}`);
console.log('\nhit@3 by kind of question:');
for (const [kind, value] of Object.entries(ours.hitAt3ByKind)) {
  console.log(`  ${kind.padEnd(14)}${percent(value).padStart(8)}${percent(bare.hitAt3ByKind[kind] ?? 0).padStart(18)}`);
}
console.log('\nthe abstention threshold (MIN_COVERAGE) against what it costs:');
console.log(`${'min coverage'.padEnd(14)}${'hit@3'.padStart(8)}${'answered'.padStart(10)}${'off-topic abst.'.padStart(17)}${'unanswered abst.'.padStart(18)}`);
for (const minCoverage of [0.4, 0.5, 0.6, 0.7, 0.8]) {
  const swept = evaluate(ourRanker(loaded.corpus, { minCoverage }), questions);
  console.log(
    `${minCoverage.toFixed(2).padEnd(14)}${percent(swept.hitAt3).padStart(8)}${percent(swept.answered).padStart(10)}${percent(swept.offTopicAbstention).padStart(17)}${percent(swept.unansweredAbstention).padStart(18)}`,
  );
}
if (process.argv.includes('--misses')) {
  console.log('\nour misses (hit@3):');
  for (const miss of ours.misses) console.log(`  ${miss.question}\n    want ${miss.relevant.join(' ')}; got ${miss.got.join(' ') || '(not covered)'}`);
}
