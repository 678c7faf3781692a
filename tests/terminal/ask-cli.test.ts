import { describe, expect, it } from 'vitest';
import { ask, budget, MEANING_PROCESS_MS, PROCESS_MS } from '../helpers/ask-cli.js';

/** One question for each outcome, with the outcome it gets once the reports' meaning is known. */
const QUESTIONS_BY_OUTCOME: [string, string][] = [
  ['how many north korean troops are in kursk', 'answer'],
  ['how quickly did trump say he would wrap up the war?', 'closest'],
  ['best pizza in rome', 'none'],
];
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
      const { stdout } = await ask(['--jsonl'], { input: QUESTIONS_BY_OUTCOME.map(([question]) => question).join('\n'), meaning: true });
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
    const { stdout } = await ask(['--jsonl'], { input: 'pornography\n\n🎉\nwho won the world cup\n' });
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
    const { code, stderr } = await ask(['x'], { corpusDir: 'tests' });
    expect(code).toBe(1);
    expect(stderr).toContain('tests: holds no report files (*.md)');
  });
});
