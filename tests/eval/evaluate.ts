import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** One evaluation question, from either corpus, in one shape. */
export interface EvalQuestion {
  readonly id: string;
  readonly question: string;
  readonly kind: 'answerable' | 'off-topic' | 'unanswered';
  /** How it is asked (keyword, paraphrase, casual, …); "-" when the set does not say. */
  readonly style: string;
  /** Ids of the paragraphs that answer it (answerable questions only). */
  readonly relevant: readonly string[];
  readonly split: 'tune' | 'held-out';
}

const homeSchema = z.object({
  answerable: z.array(z.object({ question: z.string(), relevant: z.array(z.string()).min(1), kind: z.string() })).min(40),
  offTopic: z.array(z.object({ question: z.string() })).min(10),
  unanswered: z.array(z.object({ question: z.string() })),
});
const splitSchema = z.object({ seed: z.number(), heldOut: z.array(z.string()).min(1) });

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8'));

/** questions.json as written: the questions about the three home reports, by kind. */
export function loadQuestions(): z.infer<typeof homeSchema> {
  return homeSchema.parse(read('../fixtures/eval/questions.json'));
}

/** The questions about the three home reports, with the split recorded in home-split.json. */
export function loadHomeQuestions(): EvalQuestion[] {
  const home = loadQuestions();
  const heldOut = new Set(splitSchema.parse(read('../fixtures/eval/home-split.json')).heldOut);
  const split = (question: string) => (heldOut.has(question) ? 'held-out' : 'tune');
  return [
    ...home.answerable.map(({ question, relevant, kind }, at): EvalQuestion => ({
      id: `a${at}`,
      question,
      kind: 'answerable',
      style: kind,
      relevant,
      split: split(question),
    })),
    ...home.offTopic.map(({ question }, at): EvalQuestion => ({
      id: `o${at}`,
      question,
      kind: 'off-topic',
      style: 'off-topic',
      relevant: [],
      split: split(question),
    })),
    ...home.unanswered.map(({ question }, at): EvalQuestion => ({
      id: `u${at}`,
      question,
      kind: 'unanswered',
      style: 'unanswered',
      relevant: [],
      split: split(question),
    })),
  ];
}

/** The three outcomes of a reply: the quotes answer, they are only the closest passages, or nothing is close. */
export type Match = 'answer' | 'closest' | 'none';

/** What a retrieval system under evaluation returns: paragraph ids, best first, and its outcome. */
export interface Ranked {
  readonly ids: readonly string[];
  readonly match: Match;
}
export type Ranker = (question: string) => Ranked | Promise<Ranked>;

export interface Scores {
  readonly answerable: number;
  readonly hitAt1: number;
  readonly hitAt3: number;
  readonly mrr: number;
  /** Share of answerable questions told "not covered": a false statement about the reports. */
  readonly falseNotCovered: number;
  /** Share of answerable questions given as an answer (not only as closest passages). */
  readonly answeredAsAnswer: number;
  /** Share of off-topic questions told "not covered". */
  readonly offTopicDeclined: number;
  /** Share of on-topic questions the reports do not answer that were not presented as answered (closest or not covered). */
  readonly unansweredDeclined: number;
  readonly misses: readonly { question: string; relevant: readonly string[]; got: Ranked }[];
}

/** Runs every question through the ranker once; `score` then slices the results by style and split. */
export async function runQuestions(rank: Ranker, questions: readonly EvalQuestion[]): Promise<Map<EvalQuestion, Ranked>> {
  const results = new Map<EvalQuestion, Ranked>();
  for (const question of questions) results.set(question, await rank(question.question));
  return results;
}

export function score(results: ReadonlyMap<EvalQuestion, Ranked>, which: (question: EvalQuestion) => boolean = () => true): Scores {
  let answerable = 0;
  let hit1 = 0;
  let hit3 = 0;
  let reciprocal = 0;
  let notCovered = 0;
  let asAnswer = 0;
  const offTopic = [0, 0];
  const unanswered = [0, 0];
  const misses: { question: string; relevant: readonly string[]; got: Ranked }[] = [];
  for (const [question, got] of results) {
    if (!which(question)) continue;
    if (question.kind === 'off-topic') {
      offTopic[1]!++;
      if (got.match === 'none') offTopic[0]!++;
      continue;
    }
    if (question.kind === 'unanswered') {
      unanswered[1]!++;
      if (got.match !== 'answer') unanswered[0]!++;
      continue;
    }
    answerable++;
    const first = got.ids.findIndex((id) => question.relevant.includes(id));
    if (got.match === 'none') notCovered++;
    if (got.match === 'answer') asAnswer++;
    if (first === 0) hit1++;
    if (first >= 0 && first < 3) hit3++;
    else misses.push({ question: question.question, relevant: question.relevant, got });
    if (first >= 0) reciprocal += 1 / (first + 1);
  }
  const share = (part: number, whole: number) => (whole === 0 ? Number.NaN : part / whole);
  return {
    answerable,
    hitAt1: share(hit1, answerable),
    hitAt3: share(hit3, answerable),
    mrr: share(reciprocal, answerable),
    falseNotCovered: share(notCovered, answerable),
    answeredAsAnswer: share(asAnswer, answerable),
    offTopicDeclined: share(offTopic[0]!, offTopic[1]!),
    unansweredDeclined: share(unanswered[0]!, unanswered[1]!),
    misses,
  };
}
