import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Each call starts a cold process (Node, tsx, WordNet, word counts): 4–5 s each with the load average
 * at 13 on this 2-core machine, 24 s for one that embeds the reports. So each process gets a budget of
 * its own, killed past it (and said so) rather than left running.
 */
export const PROCESS_MS = 60_000;
/** Loading the sentence encoder and embedding the reports takes seconds more than a question by words. */
export const MEANING_PROCESS_MS = 2 * PROCESS_MS;
/** A test's budget: its processes', and time to report a process killed before the test runner gives up. */
export const budget = (...processes: number[]): number => processes.reduce((sum, each) => sum + each, 10_000);

export interface AskOptions {
  /** CORPUS_DIR for the process (default: the project's corpus/). */
  readonly corpusDir?: string;
  /** Written to its standard input. */
  readonly input?: string;
  /** Match by meaning too (SEARCH_MEANING=on): loads the encoder and embeds the reports first. */
  readonly meaning?: boolean;
}

/** Runs the offline front end as `npm run ask` does, and returns what it printed and its exit code. */
export async function ask(args: string[], options: AskOptions = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  const timeout = options.meaning ? MEANING_PROCESS_MS : PROCESS_MS;
  const child = run(process.execPath, ['--import', 'tsx', 'src/terminal/ask.ts', ...args], {
    env: { ...process.env, NO_COLOR: '1', SEARCH_MEANING: options.meaning ? 'on' : 'off', ...(options.corpusDir ? { CORPUS_DIR: options.corpusDir } : {}) },
    timeout,
  });
  if (options.input !== undefined) child.child.stdin!.end(options.input);
  try {
    const { stdout, stderr } = await child;
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number; killed?: boolean };
    if (failed.killed) {
      throw new Error(`npm run ask -- ${args.join(' ')} did not finish within ${String(timeout)} ms; it printed:\n${failed.stdout}\n${failed.stderr}`, {
        cause: error,
      });
    }
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}
