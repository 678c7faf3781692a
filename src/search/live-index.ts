import { diffCorpusInSlices, type CorpusDiff } from '../corpus/diff.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import type { CorpusError } from '../corpus/model.js';
import { PassageIndex } from './passage-index.js';

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

  private constructor(
    /** The report folder it reads (and /corpus writes to). */
    readonly corpusDir: string,
    index: PassageIndex,
  ) {
    this.index = index;
  }

  static async open(corpusDir: string): Promise<{ ok: true; live: LiveIndex } | { ok: false; errors: readonly CorpusError[] }> {
    const loaded = await loadCorpus(corpusDir);
    return loaded.ok ? { ok: true, live: new LiveIndex(corpusDir, await PassageIndex.build(loaded.corpus)) } : loaded;
  }

  get current(): PassageIndex {
    return this.index;
  }

  /** Whether a reload is under way. */
  get reloading(): boolean {
    return this.running !== undefined;
  }

  async reload(): Promise<ReloadOutcome> {
    if (this.running) return { kind: 'busy' };
    this.running = this.readAndSwap();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  /**
   * A reload that sees the folder as it is now: one already under way may have read the files
   * before a change, so it is waited out first.
   */
  async reloadAfterRunning(): Promise<ReloadOutcome> {
    while (this.running) await this.running.catch(() => undefined);
    return this.reload();
  }

  private async readAndSwap(): Promise<ReloadOutcome> {
    const loaded = await loadCorpus(this.corpusDir);
    if (!loaded.ok) return { kind: 'invalid', errors: loaded.errors };
    const next = await PassageIndex.build(loaded.corpus);
    const diff = await diffCorpusInSlices(this.index.corpus, next.corpus);
    this.index = next;
    return { kind: 'reloaded', diff, index: next };
  }
}
