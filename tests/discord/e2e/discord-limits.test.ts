/** The checker the e2e tests apply to every reply must itself catch what is over a limit. */
import { describe, expect, it } from 'vitest';
import { assertChoicesWithinLimits, assertWithinDiscordLimits } from '../../helpers/discord-limits.js';

const x = (n: number) => 'x'.repeat(n);

describe('assertWithinDiscordLimits', () => {
  it('accepts a message exactly at the limits', () => {
    expect(() => assertWithinDiscordLimits({ content: x(2000) })).not.toThrow();
    expect(() =>
      assertWithinDiscordLimits({ embeds: [{ title: x(256), description: x(4096), footer: { text: x(100) }, fields: [{ name: x(256), value: x(1024) }] }] }),
    ).not.toThrow();
  });

  it.each([
    ['content', { content: x(2001) }],
    ['11 embeds', { embeds: Array.from({ length: 11 }, () => ({ description: 'a' })) }],
    ['title', { embeds: [{ title: x(257) }] }],
    ['description', { embeds: [{ description: x(4097) }] }],
    ['field name', { embeds: [{ fields: [{ name: x(257), value: 'a' }] }] }],
    ['field value', { embeds: [{ fields: [{ name: 'a', value: x(1025) }] }] }],
    ['empty field value', { embeds: [{ fields: [{ name: 'a', value: ' ' }] }] }],
    ['26 fields', { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'a', value: 'b' })) }] }],
    ['footer', { embeds: [{ footer: { text: x(2049) } }] }],
    ['6001 in total', { embeds: [{ description: x(4000) }, { description: x(2001) }] }],
    ['empty message', { content: '   ' }],
  ])('rejects %s', (_label, body) => {
    expect(() => assertWithinDiscordLimits(body)).toThrow();
  });

  it('checks autocomplete choices', () => {
    expect(() => assertChoicesWithinLimits([{ name: x(100), value: '1' }])).not.toThrow();
    expect(() => assertChoicesWithinLimits([{ name: x(101), value: '1' }])).toThrow();
    expect(() => assertChoicesWithinLimits(Array.from({ length: 26 }, (_, i) => ({ name: 'n', value: String(i) })))).toThrow();
  });
});
