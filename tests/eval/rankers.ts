import MiniSearch from 'minisearch';
import type { Corpus } from '../../src/corpus/model.js';
import { PassageIndex, type SearchOptions } from '../../src/search/passage-index.js';
import type { Ranker } from './evaluate.js';

/** This project's search, as /ask and `npm run ask` use it. */
export function ourRanker(corpus: Corpus, options: SearchOptions = {}): Ranker {
  const index = new PassageIndex(corpus);
  return (question) => index.find(question, options).map((hit) => hit.paragraph.id);
}

/** MiniSearch with default options over the same paragraphs (text and heading), top 5. */
export function bareMiniSearchRanker(corpus: Corpus): Ranker {
  const search = new MiniSearch<{ id: string; text: string; heading: string }>({ fields: ['text', 'heading'] });
  search.addAll(
    corpus.sources.flatMap((source) =>
      source.paragraphs.map((paragraph) => ({ id: paragraph.id, text: paragraph.text, heading: paragraph.heading ?? '' })),
    ),
  );
  return (question) => search.search(question).slice(0, 5).map((result) => String(result.id));
}
