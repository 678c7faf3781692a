import { diffCorpusInSlices, type CorpusDiff } from '../corpus/diff.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import type { CorpusError } from '../corpus/model.js';
import { PassageIndex } from '../search/passage-index.js';
import type { SentenceEncoder } from '../search/sentence-encoder.js';

export type ReloadOutcome =
  | { readonly kind: 'reloaded'; readonly diff: CorpusDiff; readonly index: PassageIndex }
  /** The files on disk are broken; the previous index keeps serving. */
  | { readonly kind: 'invalid'; readonly errors: readonly CorpusError[] };

/**
 * The index that answers right now. A swap reads and validates the corpus folder, builds the new
 * index aside and puts it in place with one assignment, so every question sees a whole index, old or
 * new. Swaps are made only by the CorpusEditor, one at a time.
 */
export class LiveIndex {
  private index: PassageIndex;
  private filling: Promise<void> = Promise.resolve();

  private constructor(
    /** The report folder it reads. */
    readonly corpusDir: string,
    index: PassageIndex,
    /** Matches by meaning too, once an index's paragraphs are embedded (in the background). */
    readonly encoder: SentenceEncoder | undefined,
    private readonly onMeaningFailed: (error: Error) => void,
  ) {
    this.index = index;
    this.fillMeaning(index);
  }

  static async open(
    corpusDir: string,
    encoder?: SentenceEncoder,
    onMeaningFailed: (error: Error) => void = () => {},
  ): Promise<{ ok: true; live: LiveIndex } | { ok: false; errors: readonly CorpusError[] }> {
    const loaded = await loadCorpus(corpusDir);
    return loaded.ok ? { ok: true, live: new LiveIndex(corpusDir, await PassageIndex.build(loaded.corpus, encoder), encoder, onMeaningFailed) } : loaded;
  }

  get current(): PassageIndex {
    return this.index;
  }

  /** Resolves when the current index's paragraphs are embedded (or embedding failed): answers use meaning from then on. */
  meaningFilled(): Promise<void> {
    return this.filling;
  }

  /** Reads the folder as it is now and, if it loads, answers from it; otherwise keeps the index it has. */
  async swapFromFolder(): Promise<ReloadOutcome> {
    const loaded = await loadCorpus(this.corpusDir);
    if (!loaded.ok) return { kind: 'invalid', errors: loaded.errors };
    const next = await PassageIndex.build(loaded.corpus, this.encoder);
    const diff = await diffCorpusInSlices(this.index.corpus, next.corpus);
    this.index.meaning?.abandon();
    this.index = next;
    this.fillMeaning(next);
    return { kind: 'reloaded', diff, index: next };
  }

  /**
   * Embeds the index's paragraphs on the encoder's thread while it answers by words alone; a swap
   * re-embeds only paragraphs whose text changed. If the encoder fails, answers stay lexical.
   */
  private fillMeaning(index: PassageIndex): void {
    this.filling =
      index.meaning?.fill().catch((error: unknown) => this.onMeaningFailed(error instanceof Error ? error : new Error(String(error)))) ?? Promise.resolve();
  }
}
