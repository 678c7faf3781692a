import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
/** Runs the offline front end as `npm run ask` does, and returns what it printed. */
async function ask(args: string[], input?: string): Promise<{ stdout: string; stderr: string; code: number }> {
  const child = run(process.execPath, ['--import', 'tsx', 'src/terminal/ask.ts', ...args], { env: { ...process.env, NO_COLOR: '1' } });
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

// Each test starts a process that loads the corpus and word lists: seconds when other test files
// (a build, a burst) share the machine's cores.
describe('npm run ask', { timeout: 30_000 }, () => {
  it('prints quotes with their source and paragraph id', async () => {
    const { stdout, code } = await ask(['What did Jake Sullivan say about the nuclear program?']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\[1\] The Asia Business Daily · 004 ¶6 — Russia to Mobilize 50,000 Troops/);
    expect(stdout).toContain('"Could that be for the nuclear program?"');
  });

  it('says when the reports do not cover a question', async () => {
    const { stdout } = await ask(['who won the world cup?']);
    expect(stdout.trim()).toBe('The reports do not cover this.');
  });

  it('--json prints one object with whole paragraphs, best first, at most 5', async () => {
    const { stdout } = await ask(['--json', 'how many north korean troops are in kursk']);
    const reply = JSON.parse(stdout) as { query: string; results: { source: string; paragraph: number; text: string; score: number }[] };
    expect(reply.query).toBe('how many north korean troops are in kursk');
    expect(reply.results.length).toBeGreaterThan(0);
    expect(reply.results.length).toBeLessThanOrEqual(5);
    expect(reply.results.map((result) => result.score)).toEqual([...reply.results.map((result) => result.score)].sort((a, b) => b - a));
    for (const result of reply.results) {
      expect(result).toMatchObject({ source: expect.any(String), paragraph: expect.any(Number), text: expect.any(String), score: expect.any(Number) });
    }
    expect(JSON.parse((await ask(['--json', 'best pizza in Rome'])).stdout)).toEqual({ query: 'best pizza in Rome', results: [] });
  });

  it('--jsonl answers one line per question, odd lines included', async () => {
    const { stdout } = await ask(['--jsonl'], 'pornography\n\n🎉\nwho won the world cup\n');
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { query: string; results: { source: string }[] });
    expect(lines.map((line) => line.query)).toEqual(['pornography', '', '🎉', 'who won the world cup']);
    expect(lines[0]!.results[0]!.source).toBe('003');
    expect(lines.slice(1).map((line) => line.results.length)).toEqual([0, 0, 0]);
  });

  it('--source lists a source and prints one paragraph verbatim', async () => {
    const source = await ask(['--source', '004']);
    expect(source.stdout).toContain('publisher: The Asia Business Daily');
    expect(source.stdout).toContain('paragraphs: 6');
    const paragraph = await ask(['--source', '004:3']);
    expect(paragraph.stdout).toContain('to end the war within 24 hours of taking office');
    expect(paragraph.stdout).toContain('previous: 004:2 · next: 004:4');
    const unknown = await ask(['--source', '004:99']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain('there is no paragraph 99');
  });

  it('names the broken file when the corpus cannot be loaded', async () => {
    const child = await run(process.execPath, ['--import', 'tsx', 'src/terminal/ask.ts', 'x'], { env: { ...process.env, CORPUS_DIR: 'tests' } }).catch(
      (error: { stderr: string; code: number }) => error,
    );
    expect((child as { code: number }).code).toBe(1);
    expect((child as { stderr: string }).stderr).toContain('tests: holds no report files (*.md)');
  });
});
