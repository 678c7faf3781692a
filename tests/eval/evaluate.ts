import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Corpus, Paragraph, Source } from '../../src/corpus/model.js';

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

/**
 * The questions about the three home reports, with the split recorded in home-split.json, and the
 * extra tuning questions written for them later (extra-tune/home.json).
 */
export function loadHomeQuestions(corpus: Corpus): EvalQuestion[] {
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
    ...homeExtras(corpus),
  ];
}

/** The home reports' extra tuning questions; their answers were checked against these very files, so each must map. */
function homeExtras(corpus: Corpus): EvalQuestion[] {
  const { questions, unmapped } = extraTuneQuestions('home.json', corpus.sources);
  if (unmapped.length > 0) throw new Error(`extra-tune/home.json: no paragraph holds the answers of ${unmapped.join(' ')}`);
  return questions;
}

/** Ids of the paragraphs that hold any of the answers: verbatim substrings, compared with spacing squashed and case folded. */
export function paragraphsHolding(paragraphs: readonly Paragraph[], answers: readonly string[]): string[] {
  const squash = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  return paragraphs
    .filter((paragraph) => answers.some((answer) => squash(`${paragraph.heading ?? ''} ${paragraph.text}`).includes(squash(answer))))
    .map((paragraph) => paragraph.id);
}

const extraSchema = z.object({
  description: z.string(),
  questions: z.array(
    z.object({
      id: z.string(),
      page: z.string().nullable().optional(),
      question: z.string(),
      kind: z.enum(['answerable', 'off-topic', 'unanswered']),
      style: z.string(),
      answers: z.array(z.string()),
    }),
  ),
});

/**
 * Questions written blind after the split, in extra-tune/: more for the global settings to be chosen
 * on, so all in the tune split (the held-out halves stay as first split). Each answer maps onto the
 * paragraphs holding it, in the question's page when it names one; `unmapped` lists the answerable
 * questions whose answers no paragraph holds (an extraction may leave the text out).
 */
export function extraTuneQuestions(file: string, sources: readonly Source[]): { questions: EvalQuestion[]; unmapped: string[] } {
  const questions: EvalQuestion[] = [];
  const unmapped: string[] = [];
  for (const question of extraSchema.parse(read(`../fixtures/eval/extra-tune/${file}`)).questions) {
    const paragraphs = sources.filter((source) => !question.page || source.id === question.page).flatMap((source) => source.paragraphs);
    const relevant = question.kind === 'answerable' ? paragraphsHolding(paragraphs, question.answers) : [];
    if (question.kind === 'answerable' && relevant.length === 0) {
      unmapped.push(`extra-${question.id}`);
      continue;
    }
    questions.push({
      id: `extra-${question.id}`,
      question: question.question,
      kind: question.kind,
      style: question.kind === 'answerable' ? question.style : question.kind,
      relevant,
      split: 'tune',
    });
  }
  return { questions, unmapped };
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
