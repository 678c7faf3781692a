import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
/**
 * Each case starts cold processes (Node, tsx, WordNet, word counts): 4–5 s each with the load average
 * at 13 on this 2-core machine, 24 s for one that embeds the reports. So each process gets a budget of
 * its own, killed past it (and said so) rather than left running, and each test the sum of its processes'.
 */
const PROCESS_MS = 60_000;
/** Loading the sentence encoder and embedding the reports takes seconds more than a question by words. */
const MEANING_PROCESS_MS = 2 * PROCESS_MS;
/** A test's budget: its processes', and time to report a process killed before the test runner gives up. */
const budget = (...processes: number[]) => processes.reduce((sum, each) => sum + each, 10_000);
/** One question for each outcome, with the outcome it gets once the reports' meaning is known. */
const QUESTIONS_BY_OUTCOME: [string, string][] = [
  ['how many north korean troops are in kursk', 'answer'],
  ['how quickly did trump say he would wrap up the war?', 'closest'],
  ['best pizza in rome', 'none'],
];
/**
 * Runs the offline front end as `npm run ask` does, and returns what it printed. By words alone
 * unless `meaning` (loading the sentence encoder and embedding the reports takes seconds).
 */
async function ask(args: string[], input?: string, meaning = false): Promise<{ stdout: string; stderr: string; code: number }> {
  const timeout = meaning ? MEANING_PROCESS_MS : PROCESS_MS;
  const child = run(process.execPath, ['--import', 'tsx', 'src/terminal/ask.ts', ...args], {
    env: { ...process.env, NO_COLOR: '1', SEARCH_MEANING: meaning ? 'on' : 'off' },
    timeout,
  });
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number; killed?: boolean };
    if (failed.killed)
      throw new Error(`npm run ask -- ${args.join(' ')} did not finish within ${timeout} ms; it printed:\n${failed.stdout}\n${failed.stderr}`, {
        cause: error,
      });
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('npm run ask', { timeout: budget(PROCESS_MS) }, () => {
  it('prints quotes with their source and paragraph id', async () => {
    const { stdout, code } = await ask(['What did Jake Sullivan say about the nuclear program?']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\[1\] 004 ¶6 — Russia to Mobilize 50,000 Troops…\n/);
    expect(stdout).toContain('"Could that be for the nuclear program?"');
  });

  it('says when the reports do not cover a question', async () => {
    const { stdout } = await ask(['who won the world cup?']);
    expect(stdout.trim()).toBe('The reports do not cover this.');
  });

  it(
    '--json prints one object with whole paragraphs, best first, at most 5',
    async () => {
      const { stdout } = await ask(['--json', 'how many north korean troops are in kursk']);
      const reply = JSON.parse(stdout) as { query: string; results: { source: string; paragraph: number; text: string; score: number }[] };
      expect(reply.query).toBe('how many north korean troops are in kursk');
      expect(reply.results.length).toBeGreaterThan(0);
      expect(reply.results.length).toBeLessThanOrEqual(5);
      expect(reply.results.map((result) => result.score)).toEqual([...reply.results.map((result) => result.score)].sort((a, b) => b - a));
      for (const result of reply.results) {
        expect(result).toMatchObject({
          source: expect.any(String) as unknown,
          paragraph: expect.any(Number) as unknown,
          text: expect.any(String) as unknown,
          score: expect.any(Number) as unknown,
        });
      }
      expect(JSON.parse((await ask(['--json', 'best pizza in Rome'])).stdout)).toEqual({ query: 'best pizza in Rome', match: 'none', results: [] });
    },
    budget(PROCESS_MS, PROCESS_MS),
  );

  it(
    '--jsonl with meaning tells answers, closest passages and "not covered" apart; results are empty only for the last',
    async () => {
      const { stdout } = await ask(['--jsonl'], QUESTIONS_BY_OUTCOME.map(([question]) => question).join('\n'), true);
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { match: string; results: unknown[] });
      expect(lines.map((line) => line.match)).toEqual(QUESTIONS_BY_OUTCOME.map(([, match]) => match));
      for (const line of lines) expect(line.results.length > 0).toBe(line.match !== 'none');
    },
    budget(MEANING_PROCESS_MS),
  );

  it('--jsonl answers one line per question, odd lines included', async () => {
    const { stdout } = await ask(['--jsonl'], 'pornography\n\n🎉\nwho won the world cup\n');
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { query: string; results: { source: string }[] });
    expect(lines.map((line) => line.query)).toEqual(['pornography', '', '🎉', 'who won the world cup']);
    expect(lines[0]!.results[0]!.source).toBe('003');
    expect(lines.slice(1).map((line) => line.results.length)).toEqual([0, 0, 0]);
  });

  it(
    '--source lists a source and prints one paragraph verbatim',
    async () => {
      const source = await ask(['--source', '004']);
      expect(source.stdout).toContain('publisher: The Asia Business Daily');
      expect(source.stdout).toContain('paragraphs: 6');
      const paragraph = await ask(['--source', '004:3']);
      expect(paragraph.stdout).toContain('to end the war within 24 hours of taking office');
      expect(paragraph.stdout).toContain('previous: 004:2 · next: 004:4');
      const unknown = await ask(['--source', '004:99']);
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toContain('there is no paragraph 99');
    },
    budget(PROCESS_MS, PROCESS_MS, PROCESS_MS),
  );

  it('names the broken file when the corpus cannot be loaded', async () => {
    const child = await run(process.execPath, ['--import', 'tsx', 'src/terminal/ask.ts', 'x'], {
      env: { ...process.env, CORPUS_DIR: 'tests' },
      timeout: PROCESS_MS,
    }).catch((error: unknown) => error as { stderr: string; code: number });
    expect((child as { code: number }).code).toBe(1);
    expect((child as { stderr: string }).stderr).toContain('tests: holds no report files (*.md)');
  });
});
