import { runAtOnce, runInSlices, type SlicedWork } from '../time-slices.js';
import type { Corpus, Source } from './model.js';

/** What a reload changed, for the moderator who asked for it. */
export interface CorpusDiff {
  readonly addedSources: readonly string[];
  readonly removedSources: readonly string[];
  /** Sources whose metadata (title, publisher, …) or headings changed. */
  readonly changedMetadata: readonly string[];
  /** Paragraph ids ("004:3"), compared by number within each source kept. */
  readonly addedParagraphs: readonly string[];
  readonly removedParagraphs: readonly string[];
  readonly changedParagraphs: readonly string[];
}

export function diffCorpus(before: Corpus, after: Corpus): CorpusDiff {
  return runAtOnce(diffSteps(before, after));
}

/** As diffCorpus, letting the event loop run meanwhile (a corpus may hold hundreds of thousands of paragraphs). */
export function diffCorpusInSlices(before: Corpus, after: Corpus): Promise<CorpusDiff> {
  return runInSlices(diffSteps(before, after));
}

function* diffSteps(before: Corpus, after: Corpus): SlicedWork<CorpusDiff> {
  const old = new Map(before.sources.map((source) => [source.id, source]));
  const now = new Map(after.sources.map((source) => [source.id, source]));
  const kept = after.sources.filter((source) => old.has(source.id));
  const diff = {
    addedSources: after.sources.filter((source) => !old.has(source.id)).map((source) => source.id),
    removedSources: before.sources.filter((source) => !now.has(source.id)).map((source) => source.id),
    changedMetadata: [] as string[],
    addedParagraphs: [] as string[],
    removedParagraphs: [] as string[],
    changedParagraphs: [] as string[],
  };
  for (const source of kept) {
    yield;
    if (metadataOf(source) !== metadataOf(old.get(source.id)!)) diff.changedMetadata.push(source.id);
    const previous = old.get(source.id)!.paragraphs;
    const count = Math.max(previous.length, source.paragraphs.length);
    for (let index = 0; index < count; index++) {
      if (index % 1_000 === 999) yield;
      const was = previous[index];
      const is = source.paragraphs[index];
      if (!was) diff.addedParagraphs.push(is!.id);
      else if (!is) diff.removedParagraphs.push(was.id);
      else if (was.text !== is.text || was.heading !== is.heading) diff.changedParagraphs.push(is.id);
    }
  }
  return diff;
}

export function isEmptyDiff(diff: CorpusDiff): boolean {
  return Object.values(diff).every((ids: readonly string[]) => ids.length === 0);
}

function metadataOf(source: Source): string {
  const { paragraphs: _paragraphs, ...metadata } = source;
  return JSON.stringify(metadata);
}
