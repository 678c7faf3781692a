import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Corpus, Source } from '../../src/corpus/model.js';
import { parseSourceFile } from '../../src/corpus/parse-file.js';
import { extractArticle } from '../../src/import/extract-article.js';
import { extraTuneQuestions, paragraphsHolding, type EvalQuestion } from './evaluate.js';

/** The saved news pages, read at evaluation time (their text is not copied into this repository). */
export const NEWS_PAGES_DIR = path.resolve('../shared/fixtures/news-pages');

const questionsSchema = z.object({
  pages: z.array(z.string()).min(1),
  questions: z.array(
    z.object({
      id: z.string(),
      page: z.string().nullable(),
      question: z.string(),
      kind: z.enum(['answerable', 'off-topic', 'unanswered']),
      style: z.string(),
      answers: z.array(z.string()),
      split: z.enum(['tune', 'held-out']),
    }),
  ),
});

export interface NewsPagesEvaluation {
  readonly corpus: Corpus;
  readonly questions: EvalQuestion[];
  /** Ids of the answerable questions left out because no extracted paragraph holds any of their answers. */
  readonly unmapped: readonly string[];
}

/**
 * The eight news pages turned into reports the way an import does (the one article extraction,
 * then the normal corpus format), and the blind-written questions about them, each answer
 * (a verbatim substring of the page) mapped to the paragraphs that hold it. Undefined without ../shared.
 * Two question sets: "chat" (questions.json and extra-tune/, written as people ask in a chat) and
 * "squad-style" (squad-style.json, written as SQuAD's crowd workers wrote theirs: one paragraph read,
 * formal questions on it; the kind of set the encyclopedia check uses).
 */
export function loadNewsPages(questionSet: 'chat' | 'squad-style' = 'chat'): NewsPagesEvaluation | undefined {
  if (!existsSync(NEWS_PAGES_DIR)) return undefined;
  const file = questionSet === 'chat' ? 'questions.json' : 'squad-style.json';
  const { pages, questions } = questionsSchema.parse(JSON.parse(readFileSync(new URL(`../fixtures/eval/news-pages/${file}`, import.meta.url), 'utf8')));
  const sources: Source[] = pages.map((page) => {
    const extracted = extractArticle(readFileSync(path.join(NEWS_PAGES_DIR, page, 'source.html'), 'utf8'));
    if (!extracted.ok) throw new Error(`${page}: ${extracted.reason}`);
    const parsed = parseSourceFile(`${page}.md`, `---\nid: ${page}\n---\n\n${extracted.article.paragraphs.join('\n\n')}\n`);
    if (!parsed.ok) throw new Error(`${page}: ${JSON.stringify(parsed)}`);
    return parsed.source;
  });
  const corpus: Corpus = { sources, version: 'news-pages' };
  const unmapped: { id: string; answers: readonly string[] }[] = [];
  const mapped: EvalQuestion[] = [];
  for (const question of questions) {
    const source = sources.find((candidate) => candidate.id === question.page);
    const relevant = question.kind === 'answerable' ? paragraphsHolding(source?.paragraphs ?? [], question.answers) : [];
    if (question.kind === 'answerable' && relevant.length === 0) {
      unmapped.push({ id: question.id, answers: question.answers });
      continue;
    }
    mapped.push({
      id: question.id,
      question: question.question,
      kind: question.kind,
      style: question.kind === 'answerable' ? question.style : question.kind,
      relevant,
      split: question.split,
    });
  }
  const extra = questionSet === 'chat' ? extraTuneQuestions('news-pages.json', sources) : { questions: [], unmapped: [] };
  return { corpus, questions: [...mapped, ...extra.questions], unmapped: [...unmapped.map((question) => question.id), ...extra.unmapped] };
}
