import { diffCorpusInSlices, type CorpusDiff } from '../corpus/diff.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import type { CorpusError } from '../corpus/model.js';
import { PassageIndex } from './passage-index.js';
import type { SentenceEncoder } from './sentence-encoder.js';

export type ReloadOutcome =
  | { readonly kind: 'reloaded'; readonly diff: CorpusDiff; readonly index: PassageIndex }
  /** The files on disk are broken; the previous index keeps serving. */
  | { readonly kind: 'invalid'; readonly errors: readonly CorpusError[] }
  /** Another reload is running; this one did nothing. */
  | { readonly kind: 'busy' };

/**
 * The index that answers right now. A reload reads and validates the corpus folder, builds the new
 * index aside and swaps it in with one assignment, so every question sees a whole index, old or new.
 */
export class LiveIndex {
  private index: PassageIndex;
  /** The reload under way, if any. */
  private running: Promise<ReloadOutcome> | undefined;
  private readonly reloadListeners: ((result: ReloadOutcome['kind'] | 'error') => void)[] = [];
  private filling: Promise<void> = Promise.resolve();

  private constructor(
    /** The report folder it reads (and /corpus writes to). */
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

  /** Whether a reload is under way. */
  get reloading(): boolean {
    return this.running !== undefined;
  }

  /** Calls `listener` with the result of every reload from now on (metrics count them). */
  onReload(listener: (result: ReloadOutcome['kind'] | 'error') => void): void {
    this.reloadListeners.push(listener);
  }

  async reload(): Promise<ReloadOutcome> {
    if (this.running) return this.reported({ kind: 'busy' });
    this.running = this.readAndSwap();
    try {
      return this.reported(await this.running);
    } catch (error) {
      for (const listener of this.reloadListeners) listener('error');
      throw error;
    } finally {
      this.running = undefined;
    }
  }

  private reported(outcome: ReloadOutcome): ReloadOutcome {
    for (const listener of this.reloadListeners) listener(outcome.kind);
    return outcome;
  }

  /**
   * A reload that sees the folder as it is now: one already under way may have read the files
   * before a change, so it is waited out first.
   */
  async reloadAfterRunning(): Promise<ReloadOutcome> {
    while (this.running) await this.running.catch(() => undefined);
    return this.reload();
  }

  /**
   * Embeds the index's paragraphs on the encoder's thread while it answers by words alone; a reload
   * re-embeds only paragraphs whose text changed. If the encoder fails, answers stay lexical.
   */
  private fillMeaning(index: PassageIndex): void {
    this.filling = index.meaning?.fill().catch((error: Error) => this.onMeaningFailed(error)) ?? Promise.resolve();
  }

  /** Resolves when the current index's paragraphs are embedded (or embedding failed): answers use meaning from then on. */
  meaningFilled(): Promise<void> {
    return this.filling;
  }

  private async readAndSwap(): Promise<ReloadOutcome> {
    const loaded = await loadCorpus(this.corpusDir);
    if (!loaded.ok) return { kind: 'invalid', errors: loaded.errors };
    const next = await PassageIndex.build(loaded.corpus, this.encoder);
    const diff = await diffCorpusInSlices(this.index.corpus, next.corpus);
    this.index.meaning?.abandon();
    this.index = next;
    this.fillMeaning(next);
    return { kind: 'reloaded', diff, index: next };
  }
}
