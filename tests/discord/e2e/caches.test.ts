/**
 * discord.js caches every member, user and message an interaction carries; the bot never reads them
 * back, so its caches must not grow with the number of people who use it.
 */
import { snowflake } from '@kursk/discord-emulator';
import { describe, expect, it } from 'vitest';
import { contentOf, useHarness } from '../../helpers/harness.js';

const harness = useHarness();
/** Members who click: each interaction brings its caller. */
const CALLERS = 250;
/** Members carried in one payload's `resolved` (discord.js caches every one of them). */
const RESOLVED = 1_750;
const AT_ONCE = 50;

describe('discord.js caches', () => {
  it(`stay bounded after ${(CALLERS + RESOLVED).toLocaleString('en')} distinct members are seen in interactions`, async () => {
    const h = harness();
    const client = h.bot.client;
    const guild = client.guilds.cache.get(h.guildId)!;
    for (let start = 0; start < CALLERS; start += AT_ONCE) {
      const handles = Array.from({ length: AT_ONCE }, (_, index) =>
        // A button whose custom id this bot never makes: answered at once, without a search.
        h.emulator.sendComponent({ customId: 'ans:gone', user: { id: snowflake(), username: `visitor${start + index}` } }),
      );
      for (const handle of handles) expect(contentOf(await handle.reply())).toBe('This button does not work any more. Please ask again.');
    }
    const ids = Array.from({ length: RESOLVED }, () => snowflake());
    const users = Object.fromEntries(ids.map((id, index) => [id, { id, username: `resolved${index}`, discriminator: '0', avatar: null, global_name: null }]));
    const members = Object.fromEntries(ids.map((id) => [id, { roles: [], joined_at: new Date().toISOString(), permissions: '0', flags: 0 }]));
    const unknown = h.command({ name: 'source', options: { source: 'nosuch' }, resolved: { users, members } });
    expect(contentOf(await unknown.reply())).toMatch(/nosuch/);

    // Only the bot's own member and user are kept; the messages the buttons were on are not kept.
    expect(guild.members.cache.size).toBeLessThanOrEqual(1);
    expect(guild.members.me?.id, "the bot's own member stays").toBe(client.user!.id);
    expect(client.users.cache.size).toBeLessThanOrEqual(1);
    const channel = client.channels.cache.get(guild.channels.cache.first()!.id);
    expect(channel?.isTextBased() ? channel.messages.cache.size : -1).toBe(0);
    // What the bot does need is still there.
    expect(guild.roles.cache.size).toBeGreaterThan(1);
    expect(client.guilds.cache.size).toBe(2);
  }, 30_000);
});
