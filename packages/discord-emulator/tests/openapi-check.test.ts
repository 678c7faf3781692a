import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { AttachmentBuilder, Client, Events, GatewayIntentBits, MessageFlags, PermissionFlagsBits, REST, Routes, SlashCommandBuilder } from 'discord.js';
import type { Interaction } from 'discord.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DISCORD_OPENAPI_FILE, DiscordEmulator, formatViolation, loadSpecChecker } from '../src/index.js';
import type { CheckedRequest } from '../src/index.js';

// The spec sits beside the repository (../shared); CI has it, a lone clone may not: then these skip, visibly.
const specPresent = existsSync(DISCORD_OPENAPI_FILE);

const json = (method: string, path: string, body: unknown, query: Record<string, string> = {}): CheckedRequest => ({
  method,
  path,
  query,
  contentType: body === null ? null : 'application/json',
  body,
  files: [],
});
const callback = (body: unknown) => json('POST', '/interactions/1234/aW50ZXJhY3Rpb24/callback', body);
/** The errors of a request, [] when it fits the spec. */
const errorsOf = (request: CheckedRequest): readonly string[] => loadSpecChecker()!.check(request)?.errors ?? [];

// Reading the spec and compiling the message schemas takes seconds on a busy machine: done once, here.
beforeAll(() => {
  if (specPresent) errorsOf(callback({ type: 4, data: { content: 'warm-up' } }));
}, 30_000);

describe.skipIf(!specPresent)("requests checked against Discord's OpenAPI spec", () => {
  it('accepts what discord.js sends for replies, edits, follow-ups, deletes and command registration', () => {
    const message = {
      content: 'The reports say:',
      embeds: [{ title: 'Kursk', description: 'quote', fields: [{ name: '004 ¶3', value: 'text', inline: false }] }],
      allowed_mentions: { parse: [] },
      flags: 64,
    };
    expect(errorsOf({ ...callback({ type: 4, data: message }), query: { with_response: 'false' } })).toEqual([]);
    expect(errorsOf(callback({ type: 5, data: { flags: 64 } }))).toEqual([]);
    expect(errorsOf(callback({ type: 8, data: { choices: [{ name: '004', value: '004' }] } }))).toEqual([]);
    expect(errorsOf(json('PATCH', '/webhooks/1234/tok/messages/@original', message))).toEqual([]);
    expect(errorsOf(json('POST', '/webhooks/1234/tok', message, { wait: 'true' }))).toEqual([]);
    expect(errorsOf(json('DELETE', '/webhooks/1234/tok/messages/5678', null))).toEqual([]);
    // default_member_permissions as the docs (and discord.js) have it, a string: the documented difference.
    const command = { name: 'reload', description: 'Re-read the corpus', default_member_permissions: '32', contexts: [0], type: 1 };
    expect(errorsOf(json('PUT', '/applications/1234/commands', [command]))).toEqual([]);
    expect(errorsOf(json('PUT', '/applications/1234/guilds/42/commands', [command]))).toEqual([]);
  });

  it('reports a request the spec forbids, naming where in the body', () => {
    expect(errorsOf(callback({ type: 4, data: { embeds: [{ title: 404 }] } }))).toEqual(['body/data/embeds/0/title: must be string,null']);
    expect(errorsOf(callback({ type: 42, data: { content: 'x' } }))).toEqual([expect.stringMatching(/^body\/type: must be one of \[.*4.*\]$/)]);
    expect(errorsOf(callback({ type: 4, data: { content: 'x', allowed_mentions: { parse: ['everybody'] } } }))).toEqual([
      'body/data/allowed_mentions/parse/0: must be one of ["users","roles","everyone"]',
    ]);
    expect(errorsOf(callback({ type: 4, data: { content: 'x'.repeat(2001) } }))).toEqual(['body/data/content: must NOT have more than 2000 characters']);
    expect(errorsOf(json('PATCH', '/webhooks/1234/tok/messages/@original', { embeds: [{ fields: [{ name: 'a' }] }] }))).toEqual([
      "body/embeds/0/fields/0: must have required property 'value'",
    ]);
    // The allowance is for decimal strings only.
    expect(errorsOf(json('PUT', '/applications/1234/commands', [{ name: 'reload', description: 'd', default_member_permissions: 'ManageGuild' }]))).toContain(
      'body/0/default_member_permissions: must match pattern "^(0|[1-9][0-9]*)$"',
    );
  });

  it('reports unknown operations, bad path and query parameters, missing and unexpected bodies', () => {
    expect(errorsOf(json('POST', '/interactions/1234/tok/reply', { type: 4 }))).toEqual(["no POST /interactions/1234/tok/reply in Discord's OpenAPI spec"]);
    expect(errorsOf(json('PATCH', '/webhooks/not-a-snowflake/tok/messages/@original', { content: 'x' }))).toEqual([
      'params/path/webhook_id: must match pattern "^(0|[1-9][0-9]*)$"',
    ]);
    expect(errorsOf({ ...callback({ type: 6 }), query: { with_response: 'maybe' } })).toEqual(['params/query/with_response: must be boolean']);
    expect(errorsOf(json('GET', '/channels/1234/messages', null, { limit: '50' }))).toEqual([]);
    expect(errorsOf(json('GET', '/channels/1234/messages', null, { limit: '500' }))).toEqual(['params/query/limit: must be <= 100']);
    expect(errorsOf({ ...callback({ type: 6 }), query: { with_respons: 'true' } })).toEqual(['query/with_respons: not a parameter of this operation']);
    expect(errorsOf(json('PATCH', '/webhooks/1234/tok/messages/@original', null))).toEqual(['body: required, none sent']);
    expect(errorsOf({ ...json('POST', '/interactions/1234/tok/callback', { type: 6 }), contentType: 'text/plain' })).toEqual([
      'body: text/plain is not accepted here (application/json, application/x-www-form-urlencoded, multipart/form-data)',
    ]);
  });

  it('checks a multipart body as its form: payload_json fields beside the files[n] fields', () => {
    const upload = (payload: unknown): CheckedRequest => ({
      method: 'POST',
      path: '/webhooks/1234/tok',
      query: { wait: 'true' },
      contentType: 'multipart/form-data; boundary=x',
      body: payload,
      files: [{ field: 'files[0]', filename: 'report.md', contentType: 'text/markdown', size: 120 }],
    });
    expect(errorsOf(upload({ content: 'the file', attachments: [{ id: '0', filename: 'report.md' }] }))).toEqual([]);
    expect(errorsOf(upload({ content: 'the file', attachments: [{ id: '0', filename: 'report.md', description: 7 }] }))).toEqual([
      'body/attachments/0/description: must be string,null',
    ]);
  });
});

describe.skipIf(!specPresent)('the emulator checks every request discord.js sends', () => {
  let emulator: DiscordEmulator | null = null;
  let client: Client | null = null;
  afterEach(async () => {
    await client?.destroy();
    await emulator?.stop();
    client = null;
    emulator = null;
  });

  it('registers commands, uploads files in replies, edits and follow-ups, deletes: all fit the spec', async () => {
    const emu = (emulator = new DiscordEmulator({ heartbeatIntervalMs: 250 }));
    await emu.start();
    const rest = new REST({ api: emu.apiUrl }).setToken(emu.token);
    const ask = new SlashCommandBuilder().setName('ask').setDescription('Ask the reports').setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);
    await rest.put(Routes.applicationCommands(emu.applicationId), { body: [ask.toJSON()] });
    await rest.put(Routes.applicationGuildCommands(emu.applicationId, emu.guild().id), { body: [ask.toJSON()] });

    const bot = (client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiUrl } }));
    const ready = once(bot, Events.ClientReady);
    await bot.login(emu.token);
    await ready;
    const answered = new Promise<void>((resolve, reject) => {
      bot.once(Events.InteractionCreate, (interaction: Interaction) => {
        void (async () => {
          if (!interaction.isChatInputCommand()) throw new Error('expected /ask');
          const file = (name: string) => new AttachmentBuilder(Buffer.from(`# ${name}\n\nA paragraph.\n`), { name, description: 'a report' });
          await interaction.deferReply({ flags: MessageFlags.Ephemeral });
          await interaction.editReply({ content: 'Here is the report.', files: [file('004.md')] });
          const followUp = await interaction.followUp({ content: 'And another.', files: [file('005.md'), file('006.md')], allowedMentions: { parse: [] } });
          await interaction.webhook.editMessage(followUp, { content: 'And another (edited).', embeds: [{ title: 'Kursk', description: 'quote' }] });
          await interaction.deleteReply(followUp);
          await interaction.deleteReply();
        })().then(resolve, reject);
      });
    });
    emu.sendChatInput({ name: 'ask' });
    await answered;

    expect(emu.specViolations.map(formatViolation)).toEqual([]);
    const uploads = emu.requests.filter((request) => request.files.length > 0);
    expect(uploads.map((request) => [request.method, request.files.map((f) => f.field)])).toEqual([
      ['PATCH', ['files[0]']],
      ['POST', ['files[0]', 'files[1]']],
    ]);
    // Every kind of request above was checked: registration (global and guild), callback, edits, follow-up, deletes.
    expect(new Set(emu.requests.map((request) => request.method))).toEqual(new Set(['GET', 'PUT', 'POST', 'PATCH', 'DELETE']));
  }, 20_000);

  it('records a request the spec forbids, naming method, path and the body path', async () => {
    const emu = (emulator = new DiscordEmulator());
    await emu.start();
    const rest = new REST({ api: emu.apiUrl }).setToken(emu.token);
    const command = { name: 'ask', description: 'Ask', default_member_permissions: '32', options: [{ type: 3, name: 'q', description: 7 }] };
    // The emulator refuses it as Discord would (its own length check); the spec check names the type.
    await expect(rest.put(Routes.applicationCommands(emu.applicationId), { body: [command] })).rejects.toThrow(/Invalid Form Body/);
    expect(emu.specViolations.map(formatViolation)).toEqual([
      expect.stringMatching(
        /^PUT \/applications\/\d+\/commands \(spec \/applications\/\{application_id\}\/commands\): .*body\/0\/options\/0\/description: must be string/,
      ),
    ]);
  });
});

it.skipIf(specPresent)(`Discord's OpenAPI spec is absent (${DISCORD_OPENAPI_FILE}): requests are not checked against it`, () => {
  expect(loadSpecChecker()).toBeNull();
});
