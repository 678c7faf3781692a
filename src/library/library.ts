/**
 * The one way the corpus the bot serves changes: /reload, /corpus add and remove (and the terminal's
 * --add, --remove and --import --write) all come here. Changes run one at a time: check against the
 * corpus as it is, write atomically (the old version kept in .history), swap the index, or undo the
 * write when the folder no longer loads.
 */
import { removeReport, writeReport, type CorpusChange } from '../corpus/corpus-folder.js';
import type { CorpusDiff } from '../corpus/diff.js';
import { findSource, type Corpus, type CorpusError, type Source } from '../corpus/model.js';
import { prepareReport, type PreparedReport, type Refusal, type Upload } from '../corpus/report-upload.js';
import type { PassageIndex } from '../search/passage-index.js';
import type { SentenceEncoder } from '../search/sentence-encoder.js';
import { singleProcess, type ChangeCoordinator, type ChangeSpread } from './change-coordinator.js';
import { LiveIndex, type ReloadOutcome } from './live-index.js';
import { OneAtATime } from './one-at-a-time.js';

export type { ReloadOutcome };

/** What was done on disk (how to undo it stays here). */
export type AppliedChange = Omit<CorpusChange, 'undo'>;

/** Why a change was refused before anything was written. */
export type RefusalKind = 'invalid' | 'clash' | 'unknown-source' | 'last-source' | 'missing-file';

export type ChangeOutcome =
  | { readonly kind: 'refused'; readonly refusal: RefusalKind; readonly reason: string; readonly errors?: Refusal['errors'] }
  | {
      readonly kind: 'applied';
      readonly change: AppliedChange;
      readonly source: Source;
      readonly corpus: Corpus;
      readonly diff: CorpusDiff;
      readonly builtFrontMatter?: boolean;
    }
  /** Written, but the folder then did not load, so the write was taken back (or could not be: `undoError`). */
  | {
      readonly kind: 'undone';
      readonly change: AppliedChange;
      readonly errors: Extract<ReloadOutcome, { kind: 'invalid' }>['errors'];
      readonly undoError?: Error;
    };

/** An outcome and, when the bot runs as several processes and it changed the corpus, who now serves it. */
export type Spread<Outcome> = Outcome & { readonly spread?: ChangeSpread };

/**
 * The corpus the bot serves: the index that answers now (`current`) and every change to it. Edges
 * (the Discord commands, the terminal) read and change the corpus only through this.
 */
export class Library {
  private readonly changes = new OneAtATime();
  /** A reload asked for while others wait: later requests share it (it will read the folder after them). */
  private queuedReload: Promise<Spread<ReloadOutcome>> | undefined;
  private readonly reloadListeners: ((result: ReloadOutcome['kind'] | 'error') => void)[] = [];

  private constructor(
    private readonly live: LiveIndex,
    /** Takes the change lock of every process of the bot around each change, and spreads it to them. */
    private readonly coordinator: ChangeCoordinator,
  ) {}

  /** Loads the folder; without a valid corpus there is nothing to serve. */
  static async open(
    corpusDir: string,
    encoder?: SentenceEncoder,
    onMeaningFailed?: (error: Error) => void,
    coordinator: ChangeCoordinator = singleProcess,
  ): Promise<{ ok: true; library: Library } | { ok: false; errors: readonly CorpusError[] }> {
    const opened = await LiveIndex.open(corpusDir, encoder, onMeaningFailed);
    return opened.ok ? { ok: true, library: new Library(opened.live, coordinator) } : opened;
  }

  get corpusDir(): string {
    return this.live.corpusDir;
  }

  /** The index answering now; a change swaps in a whole new one. */
  get current(): PassageIndex {
    return this.live.current;
  }

  /** Matches questions by meaning, once the current index's paragraphs are embedded. */
  get encoder(): SentenceEncoder | undefined {
    return this.live.encoder;
  }

  /** Resolves when the current index's paragraphs are embedded (or embedding failed). */
  meaningFilled(): Promise<void> {
    return this.live.meaningFilled();
  }

  /** Calls `listener` with the result of every reload from now on (metrics count them). */
  onReload(listener: (result: ReloadOutcome['kind'] | 'error') => void): void {
    this.reloadListeners.push(listener);
  }

  /** Re-reads the folder and answers from it; broken files leave the current index serving. */
  reload(): Promise<Spread<ReloadOutcome>> {
    this.queuedReload ??= this.coordinated(
      () =>
        this.changes.run(() => {
          this.queuedReload = undefined;
          return this.swap();
        }),
      (outcome) => (outcome.kind === 'reloaded' ? outcome.index.corpus.version : null),
    );
    return this.queuedReload;
  }

  /**
   * Re-reads the folder because another process of the bot changed it. That process holds the change
   * lock of all of them, so this takes only this process's (taking the shared one would wait forever).
   */
  followChange(): Promise<ReloadOutcome> {
    return this.changes.run(() => this.swap());
  }

  /** Checks an upload against the corpus as it is now, writing nothing (the import preview). */
  prepare(upload: Upload): Promise<PreparedReport | Refusal> {
    return prepareReport(upload, this.live.current.corpus);
  }

  /** Adds a report, or replaces the one with the same id. */
  add(upload: Upload): Promise<Spread<ChangeOutcome>> {
    return this.changeRun(async () => {
      const prepared = await prepareReport(upload, this.live.current.corpus);
      if (!prepared.ok) return refused('invalid', prepared);
      const written = await writeReport(this.corpusDir, prepared.source.file, prepared.text, prepared.replaces !== undefined);
      if (!written.ok) return refused('clash', written);
      return this.swapOrUndo(written.change, prepared.source, prepared.builtFrontMatter);
    });
  }

  /** Removes a report (its file moves to the history folder); the last one cannot go. */
  remove(sourceId: string): Promise<Spread<ChangeOutcome>> {
    return this.changeRun(async () => {
      const { corpus } = this.live.current;
      const source = findSource(corpus, sourceId);
      if (!source)
        return refused('unknown-source', { reason: `There is no source “${sourceId}”. Sources: ${corpus.sources.map((known) => known.id).join(', ')}.` });
      if (corpus.sources.length === 1)
        return refused('last-source', { reason: `${source.id} is the only source, and the bot needs at least one: add another first.` });
      const removed = await removeReport(this.corpusDir, source.file);
      if (!removed.ok) return refused('missing-file', removed);
      return this.swapOrUndo(removed.change, source);
    });
  }

  /** A change to the folder: under the lock of every process (the coordinator's), then this one's. */
  private changeRun(change: () => Promise<ChangeOutcome>): Promise<Spread<ChangeOutcome>> {
    return this.coordinated(
      () => this.changes.run(change),
      (outcome) => (outcome.kind === 'applied' ? outcome.corpus.version : null),
    );
  }

  private async coordinated<Outcome extends object>(change: () => Promise<Outcome>, versionOf: (outcome: Outcome) => string | null): Promise<Spread<Outcome>> {
    const { result, spread } = await this.coordinator.serialise(change, versionOf);
    return spread ? { ...result, spread } : result;
  }

  private async swapOrUndo(change: CorpusChange, source: Source, builtFrontMatter?: boolean): Promise<ChangeOutcome> {
    const applied: AppliedChange = { action: change.action, file: change.file, ...(change.history ? { history: change.history } : {}) };
    const outcome = await this.swap();
    if (outcome.kind === 'reloaded') {
      return {
        kind: 'applied',
        change: applied,
        source,
        corpus: outcome.index.corpus,
        diff: outcome.diff,
        ...(builtFrontMatter === undefined ? {} : { builtFrontMatter }),
      };
    }
    const undoError = await change.undo().then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    return { kind: 'undone', change: applied, errors: outcome.errors, ...(undoError ? { undoError } : {}) };
  }

  private async swap(): Promise<ReloadOutcome> {
    try {
      const outcome = await this.live.swapFromFolder();
      for (const listener of this.reloadListeners) listener(outcome.kind);
      return outcome;
    } catch (error) {
      for (const listener of this.reloadListeners) listener('error');
      throw error;
    }
  }
}

function refused(refusal: RefusalKind, { reason, errors }: Pick<Refusal, 'reason' | 'errors'>): ChangeOutcome {
  return { kind: 'refused', refusal, reason, ...(errors ? { errors } : {}) };
}
