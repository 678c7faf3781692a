import { readFileSync } from 'node:fs';
import { z } from 'zod';

const questionsSchema = z.object({
  answerable: z.array(z.object({ question: z.string(), relevant: z.array(z.string()).min(1), kind: z.string() })).min(40),
  offTopic: z.array(z.object({ question: z.string() })).min(10),
  unanswered: z.array(z.object({ question: z.string() })),
});
export type EvalQuestions = z.infer<typeof questionsSchema>;

export function loadQuestions(): EvalQuestions {
  return questionsSchema.parse(JSON.parse(readFileSync(new URL('./questions.json', import.meta.url), 'utf8')));
}

/** A retrieval system under evaluation: paragraph ids for a question, best first (empty = "not covered"). */
export type Ranker = (question: string) => readonly string[];

export interface Scores {
  readonly hitAt1: number;
  readonly hitAt3: number;
  readonly mrr: number;
  /** Share of answerable questions that got any answer at all. */
  readonly answered: number;
  /** Share of off-topic questions answered with "not covered". */
  readonly offTopicAbstention: number;
  /** Share of on-topic questions the reports do not answer that got "not covered". */
  readonly unansweredAbstention: number;
  readonly hitAt3ByKind: Readonly<Record<string, number>>;
  readonly misses: readonly { question: string; relevant: readonly string[]; got: readonly string[] }[];
}

export function evaluate(rank: Ranker, questions: EvalQuestions): Scores {
  let hit1 = 0;
  let hit3 = 0;
  let reciprocal = 0;
  let answered = 0;
  const kindTotals: Record<string, [number, number]> = {};
  const misses: { question: string; relevant: string[]; got: string[] }[] = [];
  for (const { question, relevant, kind } of questions.answerable) {
    const got = [...rank(question)];
    const firstRelevant = got.findIndex((id) => relevant.includes(id));
    if (got.length > 0) answered++;
    if (firstRelevant === 0) hit1++;
    if (firstRelevant >= 0 && firstRelevant < 3) hit3++;
    else misses.push({ question, relevant, got });
    if (firstRelevant >= 0) reciprocal += 1 / (firstRelevant + 1);
    const totals = (kindTotals[kind] ??= [0, 0]);
    totals[1]++;
    if (firstRelevant >= 0 && firstRelevant < 3) totals[0]++;
  }
  const total = questions.answerable.length;
  const abstained = (list: { question: string }[]) =>
    list.length === 0 ? 1 : list.filter(({ question }) => rank(question).length === 0).length / list.length;
  return {
    hitAt1: hit1 / total,
    hitAt3: hit3 / total,
    mrr: reciprocal / total,
    answered: answered / total,
    offTopicAbstention: abstained(questions.offTopic),
    unansweredAbstention: abstained(questions.unanswered),
    hitAt3ByKind: Object.fromEntries(Object.entries(kindTotals).map(([kind, [hits, count]]) => [kind, hits / count])),
    misses,
  };
}
