/**
 * `npm start` stopped as a service manager stops it: SIGTERM to its whole process group (npm, the
 * shell, the bot), during a burst, then a second one. The bot must drain: every interaction it
 * received gets its answer (nothing left "thinking"), and it exits 0 on its own.
 */
import type { InteractionHandle } from '@kursk/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQuestions } from '../../eval/evaluate.js';
import { startBotProcess, type BotProcess } from '../../helpers/bot-process.js';
import { waitUntil } from '../../helpers/harness.js';
import { outcomeOf } from '../../helpers/outcomes.js';

const BURST = 150;
let bot: BotProcess;

beforeAll(async () => {
  bot = await startBotProcess();
}, 180_000);

afterAll(async () => {
  // Unset when beforeAll failed to start it.
  await (bot as BotProcess | undefined)?.stop();
}, 60_000);

describe('npm start, stopped by signals to its process group', () => {
  it('answers every interaction it received, then exits 0; a second signal does not cut the drain short', async () => {
    // The compiled bot matches by meaning too: its encoder's worker file must be in dist/ (tsc copies it).
    const meaningSettled = () => bot.log.find((line) => line.message === 'matching by meaning ready' || line.message.startsWith('matching by meaning is off'));
    await waitUntil(() => meaningSettled() !== undefined, 90_000, 'the compiled bot matching by meaning, or failing to');
    expect(meaningSettled()?.message).toBe('matching by meaning ready');
    const questions = loadQuestions().answerable.map((entry) => entry.question);
    const handles: InteractionHandle[] = Array.from({ length: BURST }, (_, index) =>
      bot.emulator.sendChatInput({
        user: index % 2 ? bot.users.member : bot.users.manager,
        name: 'ask',
        options: { question: questions[index % questions.length]! },
      }),
    );
    // Signal once the bot has started on the burst, so the stop finds it with work under way.
    await waitUntil(() => handles.some((handle) => handle.acknowledged), 10_000, 'the first acknowledgement');
    process.kill(-bot.child.pid!, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.kill(-bot.child.pid!, 'SIGTERM');

    await Promise.race([bot.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the bot did not exit within 60 s')), 60_000))]);
    const lost = handles.filter((handle) => outcomeOf(handle) === 'lost');
    expect(
      lost.map((handle) => handle.id),
      'interactions left unanswered or "thinking"',
    ).toEqual([]);
    expect(bot.log.some((line) => line.message === 'still draining; signal ignored')).toBe(true);
    // npm itself may die of the signal (its shell did); the bot exits with the code it logs last.
    expect(bot.log.at(-1), "the bot's last log line").toMatchObject({ message: 'stopped', drained: true, exitCode: 0 });
    expect(bot.log.filter((line) => line.level === 'error')).toEqual([]);
  }, 180_000);
});
