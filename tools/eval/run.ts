/**
 * `npm run eval`: retrieval quality of our search next to bare and tuned MiniSearch, on the same
 * paragraphs, in one run, for both evaluation corpora (the home reports, and the saved news pages
 * when ../shared is there), by split and by question style.
 *   npm run eval -- --misses   also lists our held-out misses
 */
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { Corpus } from '../../src/corpus/model.js';
import { formatCorpusError } from '../../src/corpus/model.js';
import { SentenceEncoder } from '../../src/search/sentence-encoder.js';
import { loadHomeQuestions, runQuestions, score, type EvalQuestion, type Ranked, type Ranker, type Scores } from '../../tests/eval/evaluate.js';
import { loadNewsPages, NEWS_PAGES_DIR } from '../../tests/eval/news-pages.js';
import { bareMiniSearchRanker, ourRanker, ourRankerWithMeaning, tunedMiniSearchRanker } from '../../tests/eval/rankers.js';

const loaded = await loadCorpus(process.env.CORPUS_DIR ?? 'corpus');
if (!loaded.ok) {
  console.error(loaded.errors.map(formatCorpusError).join('\n'));
  process.exit(1);
}
const encoder = new SentenceEncoder();
await report('home reports', loaded.corpus, loadHomeQuestions(loaded.corpus));
const news = loadNewsPages();
if (news) {
  if (news.unmapped.length > 0)
    console.log(`\n(news pages: ${news.unmapped.length} answerable questions left out, no extracted paragraph holds their answer: ${news.unmapped.join(' ')})`);
  await report('news pages', news.corpus, news.questions);
  const squadStyle = loadNewsPages('squad-style')!;
  if (squadStyle.unmapped.length > 0)
    console.log(`\n(news pages, SQuAD-style: ${squadStyle.unmapped.length} answerable questions left out: ${squadStyle.unmapped.join(' ')})`);
  await report('news pages, SQuAD-style questions', squadStyle.corpus, squadStyle.questions);
} else console.log(`\n== news pages: SKIPPED, ${NEWS_PAGES_DIR} is absent`);
await encoder.close();

async function report(name: string, corpus: Corpus, questions: readonly EvalQuestion[]): Promise<void> {
  const systems: [string, Ranker][] = [
    ['ours', (await ourRankerWithMeaning(corpus, encoder))()],
    ['words', ourRanker(corpus)],
    ['bare MS', bareMiniSearchRanker(corpus)],
    ['tuned MS', tunedMiniSearchRanker(corpus)],
  ];
  const results: Map<EvalQuestion, Ranked>[] = [];
  for (const [, rank] of systems) results.push(await runQuestions(rank, questions));
  const count = (kind: EvalQuestion['kind']) => questions.filter((question) => question.kind === kind).length;
  const paragraphs = corpus.sources.reduce((sum, source) => sum + source.paragraphs.length, 0);
  console.log(
    `\n== ${name}: ${corpus.sources.length} sources, ${paragraphs} paragraphs; ${count('answerable')} answerable, ${count('off-topic')} off-topic, ${count('unanswered')} unanswered questions`,
  );

  const rows: [string, (scores: Scores) => number][] = [
    ['hit@1', (s) => s.hitAt1],
    ['hit@3', (s) => s.hitAt3],
    ['MRR', (s) => s.mrr],
    ['false "not covered" (answerable)', (s) => s.falseNotCovered],
    ['answered as "answer" (answerable)', (s) => s.answeredAsAnswer],
    ['off-topic declined', (s) => s.offTopicDeclined],
    ['unanswered not presented as answer', (s) => s.unansweredDeclined],
  ];
  const cell = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(3)).padStart(10);
  for (const split of ['held-out', 'tune'] as const) {
    const inSplit = (question: EvalQuestion) => question.split === split;
    console.log(`\n${split}:`);
    console.log(`${''.padEnd(38)}${systems.map(([label]) => label.padStart(10)).join('')}`);
    const scores = results.map((result) => score(result, inSplit));
    for (const [label, pick] of rows) console.log(`${label.padEnd(38)}${scores.map((s) => cell(pick(s))).join('')}`);
    console.log(`hit@3 / MRR / false "not covered" by style (${split}):`);
    const styles = [...new Set(questions.filter((question) => inSplit(question) && question.kind === 'answerable').map((question) => question.style))].sort();
    for (const style of styles) {
      const which = (question: EvalQuestion) => inSplit(question) && question.style === style;
      const byStyle = results.map((result) => score(result, which));
      console.log(
        `  ${`${style} (${byStyle[0]!.answerable})`.padEnd(22)}${byStyle.map((s) => `${s.hitAt3.toFixed(2)}/${s.mrr.toFixed(2)}/${s.falseNotCovered.toFixed(2)}`.padStart(16)).join('')}`,
      );
    }
  }
  if (process.argv.includes('--misses')) {
    console.log(`\nour held-out misses (hit@3), ${name}:`);
    for (const miss of score(results[0]!, (question) => question.split === 'held-out').misses) {
      console.log(`  ${miss.question}\n    want ${miss.relevant.join(' ')}; got ${miss.got.match} ${miss.got.ids.join(' ')}`);
    }
  }
}
