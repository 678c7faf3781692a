import { describe, expect, it } from 'vitest';
import { answerButtons, decode, encode } from '../../src/discord/answer-components.js';
import { DiscordLimits } from '../../src/discord/limits.js';

const VERSION = 'a1b2c3d4e5f6';
const ASKER = '400000000000000001';

describe('answer button custom ids', () => {
  it('round-trip: action, corpus version, asker and paragraph ids, best first', () => {
    const ids = ['004:3', '000:5', 'kursk-notes_2:12'];
    expect(decode(encode('more', VERSION, ASKER, ids))).toEqual({ action: 'more', version: VERSION, askerId: ASKER, ids });
    expect(decode(encode('del', VERSION, ASKER, []))).toEqual({ action: 'del', version: VERSION, askerId: ASKER, ids: [] });
  });

  it('keep as many whole ids as fit in Discord’s 100 characters, dropping the worst', () => {
    const ids = Array.from({ length: 30 }, (_, n) => `source-${n}:${n + 1}`);
    const customId = encode('post', VERSION, ASKER, ids);
    expect(customId.length).toBeLessThanOrEqual(DiscordLimits.customId);
    const kept = decode(customId)!.ids;
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(ids.slice(0, kept.length));
  });

  it('read anything else as no button of ours', () => {
    for (const forged of ['', 'ans', 'ans:post', 'ans:x:v:1:004.3', 'ans:POST:v:1:004.3', 'ans:post:v:abc:004.3', 'corpus-import:add:k']) {
      expect(decode(forged), forged).toBeUndefined();
    }
  });

  it('a private answer offers Post in channel, a public one Delete; More results only when there are more', () => {
    const state = { version: VERSION, askerId: ASKER, shown: ['004:3'], more: ['000:5'] };
    const labels = (ephemeral: boolean, more = state.more) =>
      answerButtons({ ...state, more }, ephemeral)[0]!.components.map((button) => ('label' in button ? button.label : undefined));
    expect(labels(true)).toEqual(['Post in channel', 'More results']);
    expect(labels(false)).toEqual(['More results', 'Delete']);
    expect(labels(false, [])).toEqual(['Delete']);
  });
});
