/** A report file larger than this is refused, read from the folder or uploaded: it is surely not one news report. */
export const MAX_FILE_BYTES = 1_000_000;

/** Why a file of `size` bytes is refused; `size` may be a phrase ("more than …") when only a bound is known. */
export function tooLargeReason(size: number | string): string {
  return `is ${size} bytes; a report file may be at most ${MAX_FILE_BYTES} bytes (1 MB)`;
}
