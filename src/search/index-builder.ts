import MiniSearch from 'minisearch';
import type { Paragraph } from '../corpus/model.js';
import type { SlicedWork } from '../time-slices.js';
import { fold, processTerm, tokenize } from './analyzer.js';
import { SpellingCorrector } from './spelling.js';

/** Terms or words handled between two points where finishing the index may pause. */
const STEP = 100;

/** A paragraph as MiniSearch indexes it: its position in the index is its id. */
export interface IndexedParagraph {
  readonly id: number;
  readonly text: string;
  readonly heading: string;
}

/**
 * Indexes paragraphs into MiniSearch and, from the same pass over their words (MiniSearch's
 * processTerm), collects which paragraphs hold each term and the corpus' words for spelling.
 */
export class IndexBuilder {
  readonly miniSearch: MiniSearch<IndexedParagraph>;
  readonly paragraphs: Paragraph[] = [];
  readonly postings = new Map<string, number[]>();
  /** How often each word occurs as written; folded into the spelling corrector once, at the end. */
  private readonly writtenWords = new Map<string, number>();

  constructor() {
    this.miniSearch = new MiniSearch<IndexedParagraph>({ fields: ['text', 'heading'], tokenize, processTerm: (raw) => this.record(raw) });
  }

  /** Indexes one paragraph (at most MAX_PARAGRAPH_LENGTH characters: its cost is bounded). */
  add(paragraph: Paragraph): void {
    const position = this.paragraphs.push(paragraph) - 1;
    this.miniSearch.add({ id: position, text: paragraph.text, heading: paragraph.heading ?? '' });
  }

  /** processTerm while indexing the paragraph last pushed. */
  private record(raw: string): string[] {
    const position = this.paragraphs.length - 1;
    const terms = processTerm(raw);
    for (const term of terms) {
      const paragraphs = this.postings.get(term);
      if (!paragraphs) this.postings.set(term, [position]);
      else if (paragraphs[paragraphs.length - 1] !== position) paragraphs.push(position);
    }
    this.writtenWords.set(raw, (this.writtenWords.get(raw) ?? 0) + 1);
    return terms;
  }

  /** Every index term; a large corpus has hundreds of thousands, so this pauses every STEP of them. */
  *vocabulary(): SlicedWork<Set<string>> {
    const terms = new Set<string>();
    for (const term of this.postings.keys()) {
      if (terms.add(term).size % STEP === 0) yield;
    }
    return terms;
  }

  *spellingCorrector(): SlicedWork<SpellingCorrector> {
    const spelling = new SpellingCorrector();
    let seen = 0;
    for (const [raw, count] of this.writtenWords) {
      if (++seen % STEP === 0) yield;
      const folded = fold(raw);
      if (/^\p{L}{4,}$/u.test(folded)) spelling.add(folded, count);
    }
    return spelling;
  }
}
