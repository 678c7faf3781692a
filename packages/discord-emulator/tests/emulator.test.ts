import { once } from 'node:events';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  ComponentType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Routes,
  TextInputStyle,
} from 'discord.js';
import type { ClientOptions, Interaction, InteractionUpdateOptions } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { DiscordEmulator, guildIdForShard, shardIdForGuild } from '../src/index.js';
import type { DiscordEmulatorOptions } from '../src/index.js';

let emulator: DiscordEmulator | null = null;
const clients: Client[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.destroy();
  await emulator?.stop();
  emulator = null;
});

async function startEmulator(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
  emulator = new DiscordEmulator({ heartbeatIntervalMs: 250, ...options });
  await emulator.start();
  return emulator;
}

function makeClient(emu: DiscordEmulator, extra: Partial<ClientOptions> = {}): Client {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiUrl }, ...extra });
  clients.push(client);
  return client;
}

async function loggedIn(emu: DiscordEmulator, extra: Partial<ClientOptions> = {}): Promise<Client> {
  const client = makeClient(emu, extra);
  const ready = once(client, Events.ClientReady);
  await client.login(emu.token);
  await ready;
  return client;
}

/** Run `fn` on the next interaction; resolves with its result or rejects with its error. */
function onNextInteraction<T>(client: Client, fn: (i: Interaction) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    client.once(Events.InteractionCreate, (i) => {
      fn(i).then(resolve, reject);
    });
  });
}

describe('DiscordEmulator with the real discord.js Client', () => {
  it('logs in with one REST call, identifies over the v10 JSON gateway and caches the guild', async () => {
    const emu = await startEmulator({
      guilds: [
        {
          name: 'Kursk Desk',
          roles: [{ name: 'Editors', permissions: 32n }],
          channels: [{ name: 'news' }, { name: 'chat' }],
          members: [{ user: { username: 'alice' } }, { user: { username: 'bob' }, roles: ['Editors'] }],
        },
      ],
    });
    const client = await loggedIn(emu);
    const g = emu.guild();

    expect(emu.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /gateway/bot']);
    expect(emu.requests[0]?.authorization).toBe(`Bot ${emu.token}`);
    const conn = emu.connections[0];
    expect(conn?.path).toBe('/gateway');
    expect(conn?.query).toEqual({ v: '10', encoding: 'json' });
    const identify = conn?.received.find((p) => p['op'] === 2)?.['d'] as Record<string, unknown>;
    expect(identify['token']).toBe(emu.token);
    expect(identify['intents']).toBe(GatewayIntentBits.Guilds);
    expect(identify['shard']).toEqual([0, 1]);

    expect(client.user?.id).toBe(emu.applicationId);
    expect(client.application?.id).toBe(emu.applicationId);
    const guild = client.guilds.cache.get(g.id);
    expect(guild?.name).toBe('Kursk Desk');
    expect(guild?.available).toBe(true);
    expect(guild?.ownerId).toBe(g.members[0]?.user.id);
    expect(guild?.channels.cache.map((c) => c.name).sort()).toEqual(['chat', 'news']);
    expect(guild?.roles.cache.find((r) => r.name === 'Editors')?.permissions.bitfield).toBe(32n);
    expect(guild?.members.cache.find((m) => m.user.username === 'bob')?.roles.cache.some((r) => r.name === 'Editors')).toBe(true);
    expect(guild?.members.me?.id).toBe(emu.applicationId);

    // Heartbeats are acknowledged (the client measures a ping).
    await vi.waitFor(() => expect(conn?.heartbeats).toBeGreaterThan(0), { timeout: 2000 });
    await vi.waitFor(() => expect(client.ws.ping).toBeGreaterThanOrEqual(0), { timeout: 2000 });
  });

  it('stores registered commands and types options from them; interaction.reply is recorded', async () => {
    const emu = await startEmulator();
    const client = await loggedIn(emu);
    const guildId = emu.guild().id;
    await client.application?.commands.set(
      [
        {
          name: 'ask',
          description: 'Ask the reports',
          options: [
            { name: 'question', description: 'What to ask', type: ApplicationCommandOptionType.String, required: true },
            { name: 'limit', description: 'How many quotes', type: ApplicationCommandOptionType.Integer },
          ],
        },
      ],
      guildId,
    );
    const [registered] = emu.registeredCommands(guildId);
    expect(registered?.name).toBe('ask');
    expect(registered?.guild_id).toBe(guildId);
    expect(emu.requestsTo('PUT', `/applications/${emu.applicationId}/guilds/${guildId}/commands`)).toHaveLength(1);

    const seen = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      const question = i.options.getString('question', true);
      const limit = i.options.getInteger('limit');
      await i.reply({
        content: `Q: ${question} (${String(limit)}) <@${i.user.id}>`,
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return { commandId: i.commandId, guildId: i.guildId, perms: i.memberPermissions?.bitfield };
    });
    const handle = emu.sendChatInput({ name: 'ask', options: { question: 'who holds Sudzha?', limit: 3 } });
    const cb = await handle.reply();
    const info = await seen;

    expect(info.commandId).toBe(registered?.id);
    expect(info.guildId).toBe(guildId);
    expect(typeof info.perms).toBe('bigint');
    expect(cb.callbackType).toBe(4);
    expect(cb.status).toBe(204);
    const userId = (handle.payload['member'] as { user: { id: string } }).user.id;
    expect(cb.data?.content).toBe(`Q: who holds Sudzha? (3) <@${userId}>`);
    expect(cb.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(cb.data?.allowed_mentions).toEqual({ parse: [] });
    expect(cb.pings).toEqual({ users: [], roles: [], everyone: false });
    expect(cb.sinceDispatchMs).toBeLessThan(3000);
    expect(handle.ackLatencyMs).toBeLessThan(3000);
    expect(handle.message?.flags).toBe(MessageFlags.Ephemeral);
    const req = emu.requestsTo('POST', /^\/interactions\//)[0];
    expect(req?.query).toEqual({ with_response: 'false' });
    expect(req?.authorization).toBeNull();
  });

  it('deferReply, editReply and followUp map to callback 5, PATCH @original and POST webhook', async () => {
    const emu = await startEmulator();
    const client = await loggedIn(emu);
    const done = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      await i.deferReply();
      const edited = await i.editReply({ content: 'Here are the quotes', embeds: [{ title: 'Report 1', description: '"quote"' }] });
      const follow = await i.followUp({ content: 'Sources: 2 reports', flags: MessageFlags.Ephemeral });
      return { edited, follow };
    });
    const handle = emu.sendChatInput({ name: 'ask', options: { question: 'x' } });
    const { edited, follow } = await done;

    const cb = await handle.reply();
    expect(cb.callbackType).toBe(5);
    expect(cb.data?.flags).toBe(0);
    const edit = await handle.waitForEdit();
    expect(edit.path).toBe(`/webhooks/${emu.applicationId}/${handle.token}/messages/@original`);
    expect(edit.data?.embeds?.[0]?.title).toBe('Report 1');
    expect(handle.message?.content).toBe('Here are the quotes');
    expect(handle.message?.flags).toBe(0); // the loading flag is gone
    expect(handle.message?.edited_timestamp).not.toBeNull();
    expect(edited.id).toBe(handle.originalMessageId);
    expect(edited.content).toBe('Here are the quotes');
    expect(edited.embeds[0]?.title).toBe('Report 1');
    expect(edited.author.id).toBe(emu.applicationId);

    expect(handle.followUps).toHaveLength(1);
    const fu = await handle.waitForFollowUp();
    expect(fu.data?.content).toBe('Sources: 2 reports');
    expect(fu.message?.flags).toBe(MessageFlags.Ephemeral);
    expect(follow.id).toBe(fu.message?.id);
    expect(follow.id).not.toBe(edited.id);
    expect(emu.requestsTo('POST', `/webhooks/${emu.applicationId}/${handle.token}`)[0]?.query['wait']).toBe('true');
  });

  it('reply({ withResponse: true }) returns the created message', async () => {
    const emu = await startEmulator();
    const client = await loggedIn(emu);
    const done = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      const res = await i.reply({ content: 'with response', withResponse: true });
      return { messageId: res.resource?.message?.id, content: res.resource?.message?.content, interactionId: res.interaction.id };
    });
    const handle = emu.sendChatInput({ name: 'ask' });
    const out = await done;
    const cb = await handle.reply();
    expect(cb.status).toBe(200);
    expect(out.content).toBe('with response');
    expect(out.messageId).toBe(handle.originalMessageId);
    expect(out.interactionId).toBe(handle.id);
  });

  it('autocomplete respond() sends callback 8 with the choices', async () => {
    const emu = await startEmulator();
    const client = await loggedIn(emu);
    const done = onNextInteraction(client, async (i) => {
      if (!i.isAutocomplete()) throw new Error('expected autocomplete');
      const focused = i.options.getFocused(true);
      await i.respond([
        { name: `${focused.value} report`, value: 'r1' },
        { name: `${focused.value} timeline`, value: 'r2' },
      ]);
      return focused.name;
    });
    const handle = emu.sendAutocomplete({ name: 'ask', options: { question: 'Sud', limit: 2 }, focused: 'question' });
    expect(await done).toBe('question');
    const cb = await handle.reply();
    expect(cb.callbackType).toBe(8);
    expect(cb.data?.choices).toEqual([
      { name: 'Sud report', value: 'r1' },
      { name: 'Sud timeline', value: 'r2' },
    ]);
  });

  it('a button click answered with update() edits the message it is on', async () => {
    const emu = await startEmulator();
    const client = await loggedIn(emu);
    const first = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('more:1').setLabel('More').setStyle(ButtonStyle.Primary));
      await i.reply({ content: 'page 1', components: [row] });
    });
    const cmd = emu.sendChatInput({ name: 'ask' });
    await first;
    const message = cmd.message;
    expect(message?.components).toHaveLength(1);

    const second = onNextInteraction(client, async (i) => {
      if (!i.isButton()) throw new Error('expected a button');
      await i.update({ content: 'page 2', components: [] });
      return { customId: i.customId, messageId: i.message.id, before: i.message.content };
    });
    const click = emu.sendComponent({ customId: 'more:1', message });
    const out = await second;
    expect(out).toEqual({ customId: 'more:1', messageId: message?.id, before: 'page 1' });
    const cb = await click.reply();
    expect(cb.callbackType).toBe(7);
    expect(emu.messages.get(message?.id ?? '')?.content).toBe('page 2');
    expect(emu.messages.get(message?.id ?? '')?.components).toEqual([]);
    expect(click.message?.id).toBe(message?.id);
  });

  it("SUPPRESS_EMBEDS hides every embed, the bot's own included: reply, deferred edit, follow-up, update, channel post", async () => {
    const emu = await startEmulator();
    const client = await loggedIn(emu);
    const embeds = [{ title: 'Answer', fields: [{ name: 'Report 1', value: 'a quote' }] }];
    const hidden = { embeds, flags: MessageFlags.SuppressEmbeds } as const;
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Primary));

    const replied = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      const response = await i.reply({ ...hidden, content: 'see below', components: [row], withResponse: true });
      return response.resource?.message?.embeds.length;
    });
    const reply = emu.sendChatInput({ name: 'ask' });
    expect(await replied, 'resource.message of a type 4 reply').toBe(0);
    expect((await reply.reply()).data?.embeds, 'the request did carry the embed').toHaveLength(1);
    expect(reply.message?.embeds).toEqual([]);
    expect(reply.message?.content).toBe('see below');

    const updated = onNextInteraction(client, async (i) => {
      if (!i.isButton()) throw new Error('expected a button');
      await i.update({ embeds, flags: MessageFlags.SuppressEmbeds } as InteractionUpdateOptions);
    });
    const click = emu.sendComponent({ customId: 'more', message: reply.message });
    await updated;
    expect((await click.reply()).callbackType).toBe(7);
    expect(emu.messages.get(reply.message!.id)?.embeds, 'a type 7 update').toEqual([]);

    const deferred = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      await i.deferReply();
      const edited = await i.editReply(hidden);
      const followUp = await i.followUp(hidden);
      const shown = await i.followUp({ embeds });
      const reEdited = await i.webhook.editMessage(shown.id, hidden);
      return { edited: edited.embeds.length, followUp: followUp.embeds.length, shown: shown.embeds.length, reEdited: reEdited.embeds.length };
    });
    emu.sendChatInput({ name: 'ask' });
    expect(await deferred).toEqual({ edited: 0, followUp: 0, shown: 1, reEdited: 0 });

    const channel = await client.channels.fetch(emu.guild().channels[0]!.id);
    if (!channel?.isSendable()) throw new Error('expected a text channel');
    const posted = await channel.send(hidden);
    expect(posted.embeds).toHaveLength(0);
    expect((await channel.messages.fetch({ message: posted.id, force: true })).embeds, 'GET of the message').toHaveLength(0);
    const plain = await channel.send({ embeds });
    expect(plain.embeds).toHaveLength(1);
    expect((await plain.edit(hidden)).embeds, 'an edit that sets the flag').toHaveLength(0);
  });

  it('stores embed texts trimmed of leading and trailing whitespace, as Discord does', async () => {
    const emu = await startEmulator();
    const client = await loggedIn(emu);
    const replied = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      const embed = { title: '  Answer ', description: '\n text \n', fields: [{ name: ' Report ', value: '  **a quote**  ' }], footer: { text: ' note ' } };
      return (await i.reply({ embeds: [embed], withResponse: true })).resource?.message?.embeds[0]?.toJSON();
    });
    emu.sendChatInput({ name: 'ask' });
    expect(await replied).toMatchObject({ title: 'Answer', description: 'text', fields: [{ name: 'Report', value: '**a quote**' }], footer: { text: 'note' } });
  });

  it('a second acknowledgement is rejected with 40060 as a DiscordAPIError; a late one with 10062', async () => {
    const emu = await startEmulator({ ackDeadlineMs: 300 });
    const client = await loggedIn(emu);
    const twice = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      await i.reply('first');
      // Bypass discord.js's local guard, as a second process answering the same interaction would.
      return client.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: { content: 'second' } }, auth: false }).then(
        () => null,
        (e: unknown) => e,
      );
    });
    const handle = emu.sendChatInput({ name: 'ask' });
    const error = await twice;
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(40060);
    expect((error as DiscordAPIError).status).toBe(400);
    expect(handle.callbacks).toHaveLength(1);
    expect((await handle.waitForRejection()).error?.code).toBe(40060);

    const late = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      await new Promise((r) => setTimeout(r, 400));
      return i.reply('too late').then(
        () => null,
        (e: unknown) => e,
      );
    });
    const slow = emu.sendChatInput({ name: 'ask' });
    const lateError = await late;
    expect(lateError).toBeInstanceOf(DiscordAPIError);
    expect((lateError as DiscordAPIError).code).toBe(10062);
    expect((lateError as DiscordAPIError).status).toBe(404);
    expect(slow.acknowledged).toBe(false);
  });

  it('rejects a bad token: login fails on GET /gateway/bot, IDENTIFY closes with 4004', async () => {
    const emu = await startEmulator({ token: 'right.token.value' });
    const client = makeClient(emu);
    await expect(client.login('wrong.token.value')).rejects.toMatchObject({ code: 'TokenInvalid' });
    const [req] = emu.requests;
    expect(req?.path).toBe('/gateway/bot');
    expect(req?.status).toBe(401);
    expect(req?.response).toEqual({ message: '401: Unauthorized', code: 0 });
    expect(emu.connections).toHaveLength(0);

    const ws = new WebSocket(`${emu.gatewayUrl}?v=10&encoding=json`);
    const [hello] = (await once(ws, 'message')) as [Buffer];
    expect(JSON.parse(hello.toString())).toMatchObject({ op: 10, d: { heartbeat_interval: 250 } });
    ws.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } }));
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(4004);
  });

  it('after a dropped connection the client RESUMEs, gets the queued interaction and answers it', async () => {
    const emu = await startEmulator();
    const client = await loggedIn(emu);
    const sessionId = emu.liveSessions[0]?.sessionId;
    const resumedEvent = once(client, Events.ShardResume);
    const resumed = emu.waitForResume();

    expect(emu.dropConnection()).toBe(1);
    // Sent while the client is disconnected: queued and replayed on RESUME.
    const answered = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      await i.reply('answered after resume');
    });
    const handle = emu.sendChatInput({ name: 'ask' });
    const session = await resumed;
    await resumedEvent;
    await answered;

    expect(session.sessionId).toBe(sessionId);
    expect(session.lastReplayCount).toBeGreaterThanOrEqual(1);
    const resumeConn = emu.connections.at(-1);
    expect(resumeConn?.path).toBe('/resume');
    expect(resumeConn?.kind).toBe('resume');
    expect(resumeConn?.received.find((p) => p['op'] === 6)?.['d']).toMatchObject({ session_id: sessionId });
    expect(emu.connections[0]?.closedBy).toBe('server');
    expect(emu.identifyCount).toBe(1);
    expect((await handle.reply()).data?.content).toBe('answered after resume');

    // A close frame with 4000 also leads to a resume.
    const again = emu.waitForResume();
    expect(emu.dropConnection(4000)).toBe(1);
    await again;
    expect(emu.identifyCount).toBe(1);
  });

  it('op 9 INVALID_SESSION (not resumable) makes the client IDENTIFY again', async () => {
    const emu = await startEmulator();
    const client = await loggedIn(emu, {
      ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
    });
    const first = emu.liveSessions[0]?.sessionId;
    const identified = emu.waitForIdentify();
    expect(emu.invalidateSession(false)).toBe(1);
    const session = await identified;
    expect(session.sessionId).not.toBe(first);
    expect(emu.identifyCount).toBe(2);
    await emu.waitForReady();
    const answered = onNextInteraction(client, async (i) => {
      if (!i.isRepliable()) throw new Error('expected a repliable interaction');
      await i.reply('ok');
    });
    const handle = emu.sendChatInput({ name: 'ask' });
    await answered;
    expect((await handle.reply()).callbackType).toBe(4);
  });

  it('two shards each get only their guilds; interactions arrive on the owning shard', async () => {
    const g0 = guildIdForShard(0, 2);
    const g1 = guildIdForShard(1, 2);
    expect(shardIdForGuild(g0, 2)).toBe(0);
    expect(shardIdForGuild(g1, 2)).toBe(1);
    const emu = await startEmulator({
      guilds: [
        { id: g0, name: 'zero' },
        { id: g1, name: 'one' },
      ],
    });
    const client = await loggedIn(emu, { shards: [0, 1], shardCount: 2 });
    await emu.waitForReady();

    expect(emu.liveSessions.map((s) => s.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const s of emu.liveSessions) {
      const guildCreates = s.log.filter((p) => p.t === 'GUILD_CREATE').map((p) => (p.d as { id: string }).id);
      expect(guildCreates).toEqual([s.shard[0] === 0 ? g0 : g1]);
      const ready = s.log.find((p) => p.t === 'READY')?.d as { guilds: { id: string }[]; shard: number[] };
      expect(ready.guilds.map((g) => g.id)).toEqual(guildCreates);
      expect(ready.shard).toEqual([...s.shard]);
    }
    expect(client.guilds.cache.get(g0)?.shardId).toBe(0);
    expect(client.guilds.cache.get(g1)?.shardId).toBe(1);

    const answered = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      await i.reply(`from shard ${String(i.guild?.shardId)}`);
    });
    const handle = emu.sendChatInput({ name: 'ask', guildId: g1 });
    await answered;
    expect((await handle.reply()).data?.content).toBe('from shard 1');
    const shard1 = emu.liveSessions.find((s) => s.shard[0] === 1);
    expect(shard1?.log.some((p) => p.t === 'INTERACTION_CREATE')).toBe(true);
  });

  it('DM interactions carry a user and a DM channel, no guild or member', async () => {
    const emu = await startEmulator();
    const client = await loggedIn(emu);
    const done = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      await i.reply('in a DM');
      return { inGuild: i.inGuild(), member: i.member, channelId: i.channelId, userId: i.user.id, context: i.context };
    });
    const handle = emu.sendChatInput({ name: 'ask', guildId: null, user: { username: 'stranger' } });
    const out = await done;
    expect(out.inGuild).toBe(false);
    expect(out.member).toBeNull();
    const channel = handle.payload['channel'] as { id: string; type: number };
    expect(channel.type).toBe(ChannelType.DM);
    expect(out.channelId).toBe(channel.id);
    expect(out.userId).toBe((handle.payload['user'] as { id: string }).id);
    expect(out.context).toBe(1);
    expect(handle.message?.guild_id).toBeUndefined();
  });

  it('message context-menu commands resolve the target message', async () => {
    const emu = await startEmulator();
    const client = await loggedIn(emu);
    const done = onNextInteraction(client, async (i) => {
      if (!i.isMessageContextMenuCommand()) throw new Error('expected a message context menu command');
      await i.reply({ content: 'checked', flags: MessageFlags.Ephemeral });
      return { target: i.targetMessage.content, targetId: i.targetId, name: i.commandName };
    });
    const handle = emu.sendMessageCommand({ name: 'Check quote', target: { content: 'Troops entered Sudzha on 6 August.' } });
    const out = await done;
    expect(out).toMatchObject({ target: 'Troops entered Sudzha on 6 August.', name: 'Check quote' });
    expect(out.targetId).toBe((handle.payload['data'] as { target_id: string }).target_id);
  });

  it('attachment options resolve to files the emulator serves at their url', async () => {
    const emu = await startEmulator();
    const client = await loggedIn(emu);
    const guildId = emu.guild().id;
    await client.application?.commands.set(
      [
        {
          name: 'upload',
          description: 'Upload a file',
          options: [{ name: 'file', description: 'The file', type: ApplicationCommandOptionType.Attachment, required: true }],
        },
      ],
      guildId,
    );
    const attachment = emu.addAttachment('notes è.txt', 'Quokkas at dawn.\n', { contentType: 'text/plain; charset=utf-8' });
    const done = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      const file = i.options.getAttachment('file', true);
      const response = await fetch(file.url);
      await i.reply({ content: 'got it', flags: MessageFlags.Ephemeral });
      return { name: file.name, size: file.size, contentType: file.contentType, status: response.status, text: await response.text() };
    });
    emu.sendChatInput({ name: 'upload', options: { file: attachment.id } });
    expect(await done).toEqual({ name: 'notes è.txt', size: 17, contentType: 'text/plain; charset=utf-8', status: 200, text: 'Quokkas at dawn.\n' });
    expect(attachment.url.startsWith(`http://127.0.0.1:`)).toBe(true);
    expect(emu.attachmentDownloads).toEqual([attachment.id]);
    expect((await fetch(attachment.url.replace(attachment.id, '1'))).status).toBe(404);
    // Not a REST request: the API record stays about the bot's calls.
    expect(emu.requests.some((request) => request.rawPath.startsWith('/attachments/'))).toBe(false);
  });

  it('showModal answers with callback 9; the modal submission carries the text inputs', async () => {
    const emu = await startEmulator();
    const client = await loggedIn(emu);
    const shown = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      await i.showModal({
        customId: 'feedback',
        title: 'Feedback',
        components: [
          {
            type: ComponentType.ActionRow,
            components: [{ type: ComponentType.TextInput, customId: 'text', label: 'Your feedback', style: TextInputStyle.Paragraph }],
          },
        ],
      });
    });
    const cmd = emu.sendChatInput({ name: 'feedback' });
    await shown;
    const cb = await cmd.reply();
    expect(cb.callbackType).toBe(9);
    expect(cb.data?.custom_id).toBe('feedback');

    const submitted = onNextInteraction(client, async (i) => {
      if (!i.isModalSubmit()) throw new Error('expected a modal submission');
      await i.reply({ content: 'thanks', flags: MessageFlags.Ephemeral });
      return { customId: i.customId, text: i.fields.getTextInputValue('text') };
    });
    const submit = emu.sendModalSubmit({ customId: 'feedback', fields: { text: 'the quotes were exact' } });
    expect(await submitted).toEqual({ customId: 'feedback', text: 'the quotes were exact' });
    expect((await submit.reply()).callbackType).toBe(4);
  });

  it('enforces message limits (400 50035) and retries an injected 429', async () => {
    const emu = await startEmulator();
    const client = await loggedIn(emu);
    const done = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      const tooLong = await i.reply('x'.repeat(2001)).then(
        () => null,
        (e: unknown) => e,
      );
      await i.reply('short enough');
      return tooLong;
    });
    const handle = emu.sendChatInput({ name: 'ask' });
    const tooLong = await done;
    expect(tooLong).toBeInstanceOf(DiscordAPIError);
    expect((tooLong as DiscordAPIError).code).toBe(50035);
    expect(JSON.stringify((tooLong as DiscordAPIError).rawError)).toContain('BASE_TYPE_MAX_LENGTH');
    expect((await handle.reply()).data?.content).toBe('short enough');

    emu.failNext({ method: 'GET', path: '/users/@me', status: 429, headers: { 'retry-after': '0.1' } });
    const me = await client.users.fetch('@me', { force: true });
    expect(me.id).toBe(emu.applicationId);
    expect(emu.requestsTo('GET', '/users/@me').map((r) => r.status)).toEqual([429, 200]);
  });
});
