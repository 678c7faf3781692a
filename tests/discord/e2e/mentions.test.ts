/** Report text with mentions and markdown is quoted inert: nobody is pinged, nothing is formatted. */
import type { InteractionEvent } from '@kursk/discord-emulator';
import { describe, expect, it } from 'vitest';
import { contentOf, embedsOf, expectVerbatimQuote, unmarkdown, useHarness, type Harness } from '../../helpers/harness.js';

const harness = useHarness();

const MEMBER_ID = '123456789012345678';
const HOSTILE = `The zanzibar bulletin told @everyone and @here that <@${MEMBER_ID}> and <@&${MEMBER_ID}> wrote *bold* _italic_ \`code\` ~~gone~~ ||spoiler|| > quoted # hash - dash [x](http://y) here.`;
const REPORT = ['---', 'id: 901', 'title: Zanzibar *bulletin* @everyone', 'publisher: Wire <@' + MEMBER_ID + '>', '---', '', HOSTILE, ''].join('\n');

const NOBODY = { users: [], roles: [], everyone: false };

function expectInert(event: InteractionEvent): void {
  expect(event.pings, 'the emulator computed who is pinged').toEqual(NOBODY);
  expect(event.data?.allowed_mentions?.parse).toEqual([]);
  expect(event.data?.allowed_mentions?.users ?? []).toEqual([]);
  expect(event.data?.allowed_mentions?.roles ?? []).toEqual([]);
  expect(event.message?.mention_everyone).toBe(false);
  expect(event.message?.mentions).toEqual([]);
  expect(event.message?.mention_roles).toEqual([]);
}

async function addHostileReport(h: Harness): Promise<void> {
  if (h.library.current.corpus.sources.some((source) => source.id === '901')) return;
  await h.writeCorpusFile('901-hostile.md', REPORT);
  const handle = h.emulator.sendChatInput({ name: 'reload', user: h.users.manager });
  const edit = await handle.waitForEdit();
  expect(embedsOf(edit)[0]?.description).toContain('**Sources added** (1): 901');
}

describe('mentions and markdown in report text', () => {
  it('a quote with @everyone, a user mention and markdown pings nobody and is escaped', async () => {
    const h = harness();
    await addHostileReport(h);
    const { reply } = await h.ask('what did the zanzibar bulletin say?');

    expect(reply.callbackType).toBe(4);
    expectInert(reply);
    const [embed] = embedsOf(reply);
    const field = embed?.fields?.[0];
    expect(field?.name).toMatch(/^901 ¶1 — Zanzibar \\\*bulletin\\\* \\@everyone$/);
    const value = field!.value;
    for (const escaped of [
      '\\@everyone',
      '\\@here',
      `\\<\\@${MEMBER_ID}\\>`,
      `\\<\\@&${MEMBER_ID}\\>`,
      '\\*bold\\*',
      '\\_italic\\_',
      '\\`code\\`',
      '\\~\\~gone\\~\\~',
      '\\|\\|spoiler\\|\\|',
      '\\> quoted',
      '\\# hash',
      '\\- dash',
      '\\[x\\]\\(http://y\\)',
    ]) {
      expect(value, `quote should contain ${escaped}`).toContain(escaped);
    }
    // No unescaped mention or markdown survives: every special character is preceded by a backslash
    // (apart from the ** of highlighted words).
    const withoutBold = value.replace(/\*\*(?!\\)/g, '').replace(/(?<!\\)\*\*/g, '');
    expect(withoutBold).not.toMatch(/(?<!\\)[@<>*_`~|#[\]()]/);
    expect(await expectVerbatimQuote(h, field!)).toBe('901:1');
    expect(unmarkdown(value)).toBe(HOSTILE);
  });

  it('/source shows the hostile paragraph escaped, and pings nobody', async () => {
    const h = harness();
    await addHostileReport(h);
    const reply = await h.command({ name: 'source', options: { source: '901', paragraph: 1 } }).reply();

    expectInert(reply);
    const [embed] = embedsOf(reply);
    expect(embed?.description).toContain('\\@everyone');
    expect(embed?.description).toContain(`\\<\\@${MEMBER_ID}\\>`);
    expect(unmarkdown(embed?.description ?? '')).toBe(HOSTILE);

    const card = await h.command({ name: 'source', options: { source: '901' } }).reply();
    expectInert(card);
    const publisher = embedsOf(card)[0]?.fields?.find((f) => f.name === 'Publisher')?.value;
    expect(publisher).toBe(`Wire \\<\\@${MEMBER_ID}\\>`);
  });

  it('an unknown source typed as "@everyone <@id>" is echoed in content, escaped, and pings nobody', async () => {
    const h = harness();
    const typed = `@everyone <@${MEMBER_ID}> **x**`;
    const reply = await h.command({ name: 'source', options: { source: typed } }).reply();

    expect(contentOf(reply)).toContain(`“\\@everyone \\<\\@${MEMBER_ID}\\> \\*\\*x\\*\\*”`);
    // The content still reads "@everyone" (after a backslash): only allowed_mentions keeps it silent.
    expect(contentOf(reply)).toContain('@everyone');
    expectInert(reply);
  });
});
