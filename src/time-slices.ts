import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Long work (parsing a report, building an index) written as a generator that yields wherever it
 * may pause, so one implementation serves callers that need the result at once and callers that
 * must keep the event loop answering meanwhile.
 */
export type SlicedWork<T> = Generator<void, T, void>;

/** Longest a piece of sliced work holds the event loop before it lets other work run. */
export const SLICE_MS = 10;

/** Runs the work to its end without pausing. */
export function runAtOnce<T>(work: SlicedWork<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** Runs the work, giving the event loop a turn whenever SLICE_MS have passed since the last one. */
export async function runInSlices<T>(work: SlicedWork<T>): Promise<T> {
  let since = performance.now();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (performance.now() - since >= SLICE_MS) {
      await nextTurn();
      since = performance.now();
    }
  }
}
