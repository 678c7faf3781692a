import { describe, expect, it } from 'vitest';
import { PendingImports } from '../../src/discord/pending-imports.js';

const entry = (moderatorId: string) => ({ moderatorId, guildId: 'g', text: '---\nid: x\n---\n\nA.\n', id: 'x' });

describe('pending imports', () => {
  it('are for the moderator who asked, once, and only until they expire', () => {
    let now = 0;
    const pending = new PendingImports(1000, 10, () => now);
    const key = pending.add(entry('alice'));
    expect(key).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(pending.claim(key, 'bob', true)).toEqual({ ok: false, reason: 'not-yours' });
    expect(pending.claim(key, 'alice', true)).toMatchObject({ ok: true, entry: { moderatorId: 'alice' } });
    expect(pending.claim(key, 'alice', true)).toEqual({ ok: false, reason: 'gone' });
    const later = pending.add(entry('alice'));
    now = 1000;
    expect(pending.claim(later, 'alice', true)).toEqual({ ok: false, reason: 'gone' });
  });

  it('hold at most their limit, forgetting the oldest', () => {
    const pending = new PendingImports(60_000, 3);
    const keys = Array.from({ length: 5 }, () => pending.add(entry('alice')));
    expect(pending.size).toBe(3);
    expect(pending.claim(keys[0]!, 'alice', false)).toEqual({ ok: false, reason: 'gone' });
    expect(pending.claim(keys[4]!, 'alice', false).ok).toBe(true);
  });
});
