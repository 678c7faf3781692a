import MiniSearch from 'minisearch';
import { buildReply } from '../../src/answer/reply.js';
import type { Corpus } from '../../src/corpus/model.js';
import { hasSearchableWords } from '../../src/search/analyzer.js';
import { PassageIndex, type SearchOptions } from '../../src/search/passage-index.js';
import type { SentenceEncoder } from '../../src/search/sentence-encoder.js';
import { STOP_WORDS } from '../../src/search/stop-words.js';
import type { Ranker } from './evaluate.js';

/** This project's search by words alone, as /ask answers before the paragraphs' meaning is ready. */
export function ourRanker(corpus: Corpus): Ranker {
  const index = new PassageIndex(corpus);
  return (question) => {
    const reply = buildReply(index, question);
    return reply.kind === 'answer' ? { ids: reply.quotes.map((quote) => quote.paragraph.id), match: reply.match } : { ids: [], match: 'none' };
  };
}

/**
 * This project's search by words and meaning, as /ask answers once the paragraphs are embedded:
 * a ranker for given settings (the evaluation tunes them), each question embedded once.
 */
export async function ourRankerWithMeaning(corpus: Corpus, encoder: SentenceEncoder): Promise<(options?: SearchOptions) => Ranker> {
  const index = new PassageIndex(corpus, undefined, encoder);
  await index.meaning!.fill();
  const vectors = new Map<string, Float32Array>();
  return (options = {}) =>
    async (question) => {
      if (!hasSearchableWords(question)) return { ids: [], match: 'none' };
      let meaning = vectors.get(question);
      if (!meaning) vectors.set(question, (meaning = await encoder.embedQuestion(index.spelledOut(question))));
      const { match, hits } = index.search(question, options, meaning);
      return { ids: hits.map((hit) => hit.paragraph.id), match };
    };
}

type Document = { id: string; text: string; heading: string };
const documents = (corpus: Corpus): Document[] =>
  corpus.sources.flatMap((source) => source.paragraphs.map((paragraph) => ({ id: paragraph.id, text: paragraph.text, heading: paragraph.heading ?? '' })));

/** MiniSearch with default options over the same paragraphs (text and heading), top 5. */
export function bareMiniSearchRanker(corpus: Corpus): Ranker {
  const search = new MiniSearch<Document>({ fields: ['text', 'heading'] });
  search.addAll(documents(corpus));
  return (question) => {
    const ids = search
      .search(question)
      .slice(0, 5)
      .map((result) => String(result.id));
    return { ids, match: ids.length > 0 ? 'answer' : 'none' };
  };
}

/**
 * MiniSearch as its documentation suggests tuning it: stop words dropped, prefix and fuzzy (0.2)
 * search, the paragraph's text weighed above its heading. Top 5.
 */
export function tunedMiniSearchRanker(corpus: Corpus): Ranker {
  const search = new MiniSearch<Document>({
    fields: ['text', 'heading'],
    processTerm: (term) => {
      const lower = term.toLowerCase();
      return STOP_WORDS.has(lower) ? null : lower;
    },
    searchOptions: { prefix: true, fuzzy: 0.2, boost: { text: 2 } },
  });
  search.addAll(documents(corpus));
  return (question) => {
    const ids = search
      .search(question)
      .slice(0, 5)
      .map((result) => String(result.id));
    return { ids, match: ids.length > 0 ? 'answer' : 'none' };
  };
}
