import {
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type Attachment,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type RepliableInteraction,
} from 'discord.js';
import { matchSources } from '../../answer/source-lookup.js';
import { checkUploadType, displayName, prepareReport, removeReport, writeReport, type CorpusChange, type Refusal, type Upload } from '../../corpus/corpus-files.js';
import { MAX_FILE_BYTES } from '../../corpus/load-corpus.js';
import { findSource, type Source } from '../../corpus/model.js';
import type { Logger } from '../../log.js';
import type { ExtractResult } from '../../import/extract-article.js';
import { importPageAddress, importPageBytes, isWebAddress } from '../../import/import-page.js';
import { articleId, reportFileText } from '../../import/report-file.js';
import type { LiveIndex } from '../../search/live-index.js';
import { DiscordLimits } from '../limits.js';
import { PendingImports } from '../pending-imports.js';
import { refuseCorpusChange } from '../permissions.js';
import { renderCorpusChanged, renderCorpusList, renderCorpusRefusal, renderCorpusUndone } from '../render-corpus.js';
import { IMPORT_BUTTON_PREFIX, renderImportPreview } from '../render-import.js';
import { sourceChoices } from '../render-source.js';
import { deferResponse, respond } from '../responder.js';
import { UnusableRequest, WRONG_OPTIONS, type ButtonHandler, type CommandContext, type HandlerResult } from './command.js';

/** An upload that takes longer than this to download is given up. */
const DOWNLOAD_TIMEOUT_MS = 10_000;

/** Where Discord serves uploaded files. */
const DISCORD_ATTACHMENT_ORIGINS = ['https://cdn.discordapp.com', 'https://media.discordapp.net'];

/**
 * The origins an attachment is downloaded from: Discord's CDN, and the origin of DISCORD_API_URL when
 * set (a test server or proxy is already trusted with the token). An interaction's attachment URL is
 * data a client sent; anything else (an internal address, say) is never fetched.
 */
export function attachmentOrigins(discordApiUrl: string | undefined): readonly string[] {
  return discordApiUrl ? [...DISCORD_ATTACHMENT_ORIGINS, new URL(discordApiUrl).origin] : DISCORD_ATTACHMENT_ORIGINS;
}

export const data = new SlashCommandBuilder()
  .setName('corpus')
  .setDescription("Operator's moderators: add, replace, remove or list the reports the bot quotes")
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Add a report (or replace the one with the same id) from a file or a saved web page')
      .addAttachmentOption((option) => option.setName('file').setDescription('A report file (.md), plain text, or a saved web page (.html) to preview; at most 1 MB').setRequired(true))
      .addStringOption((option) => option.setName('title').setDescription('Plain text only: the report title, as the report states it').setMaxLength(256))
      .addStringOption((option) => option.setName('publisher').setDescription('Plain text only: the publisher, as the report states it').setMaxLength(200))
      .addStringOption((option) => option.setName('id').setDescription('Plain text only: the source id (default: from the file name)').setMaxLength(32)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('add-url')
      .setDescription('Preview a news page by its address, then add its article as a report')
      .addStringOption((option) => option.setName('url').setDescription('The page address, https://…').setRequired(true).setMaxLength(2000))
      .addStringOption((option) => option.setName('id').setDescription('The source id (default: from the title)').setMaxLength(32)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('remove')
      .setDescription('Remove a report (its file is kept in the history folder)')
      .addStringOption((option) => option.setName('source').setDescription('The report (start typing its id or title)').setRequired(true).setAutocomplete(true).setMaxLength(100)),
  )
  .addSubcommand((sub) => sub.setName('list').setDescription('List the reports: id, title, publisher, paragraphs, file'));

/** Corpus changes run one at a time per folder: write, reload, maybe undo, never interleaved. */
const queues = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<HandlerResult> {
  if (await refuseCorpusChange(interaction, context.access, context.logger)) return { outcome: 'refused' };
  const subcommand = interaction.options.getSubcommand(true);
  switch (subcommand) {
    case 'list':
      await respond(interaction, renderCorpusList(context.live.current.corpus), { ephemeral: true });
      return { results: context.live.current.corpus.sources.length, outcome: 'listed' };
    case 'add':
      return add(interaction, context);
    case 'add-url':
      return addUrl(interaction, context);
    case 'remove':
      return remove(interaction, context);
    default:
      throw new UnusableRequest(WRONG_OPTIONS, `unknown /corpus subcommand ${subcommand}`);
  }
}

export async function autocomplete(interaction: AutocompleteInteraction, { live }: CommandContext): Promise<HandlerResult> {
  const typed = String(interaction.options.getFocused());
  const choices = sourceChoices(matchSources(live.current.corpus, typed, DiscordLimits.autocompleteChoices));
  await interaction.respond(choices);
  return { results: choices.length };
}

async function add(interaction: ChatInputCommandInteraction, { live, logger, attachmentOrigins: origins }: CommandContext): Promise<HandlerResult> {
  const attachment = interaction.options.getAttachment('file', true);
  const who = { by: interaction.user.id, guild: interaction.guildId, action: 'add', upload: displayName(attachment.name), size: attachment.size };
  const refuse = refuser(interaction, logger, who);

  // What can be told from the attachment's description is refused before downloading anything.
  if (attachment.size > MAX_FILE_BYTES) {
    return refuse({ ok: false, reason: `“${displayName(attachment.name)}” is ${attachment.size} bytes; a report file may be at most ${MAX_FILE_BYTES} bytes (1 MB).` }, 'too-large');
  }
  const page = isSavedPage(attachment);
  const wrongType = page ? undefined : checkUploadType(attachment.name, attachment.contentType);
  if (wrongType) return refuse(wrongType, 'wrong-type');

  await deferResponse(interaction, { ephemeral: true });
  const downloaded = await download(attachment, origins);
  if (!downloaded.ok) return refuse(downloaded, 'download-failed');
  if (page) return previewImport(interaction, live, await importPageBytes(downloaded.bytes, { contentType: attachment.contentType ?? undefined }), who, refuse);

  const upload = {
    name: attachment.name,
    bytes: downloaded.bytes,
    id: interaction.options.getString('id') ?? undefined,
    title: interaction.options.getString('title') ?? undefined,
    publisher: interaction.options.getString('publisher') ?? undefined,
  };
  return addReport(interaction, live, logger, upload, who, refuse);
}

/**
 * The one way a report gets into the folder: checked against the corpus as it is now, written
 * atomically (the old version kept in .history), then the index swapped, or the write undone.
 * One change at a time per folder.
 */
function addReport(
  interaction: RepliableInteraction,
  live: LiveIndex,
  logger: Logger,
  upload: Upload,
  who: Record<string, unknown>,
  refuse: Refuse,
): Promise<HandlerResult> {
  return oneAtATime(live.corpusDir, async () => {
    const prepared = await prepareReport(upload, live.current.corpus);
    if (!prepared.ok) return refuse(prepared, 'invalid');
    const written = await writeReport(live.corpusDir, prepared.source.file, prepared.text, prepared.replaces !== undefined);
    if (!written.ok) return refuse(written, 'clash');
    return reloadAfter(interaction, live, logger, written.change, prepared.source, { ...who, id: prepared.source.id, builtFrontMatter: prepared.builtFrontMatter });
  });
}

type Refuse = (refusal: Refusal, outcome: string) => Promise<HandlerResult>;

/** Refusals of one corpus change: logged with who asked, answered privately with the reason (and errors). */
function refuser(interaction: RepliableInteraction, logger: Logger, who: Record<string, unknown>): Refuse {
  return async (refusal, outcome) => {
    logger.info('corpus change refused', { ...who, outcome, reason: refusal.reason, ...(refusal.errors ? { errors: refusal.errors } : {}) });
    await respond(interaction, renderCorpusRefusal(refusal.reason, refusal.errors), { ephemeral: true });
    return { outcome };
  };
}

async function remove(interaction: ChatInputCommandInteraction, { live, logger }: CommandContext): Promise<HandlerResult> {
  const sourceId = interaction.options.getString('source', true).trim();
  const who = { by: interaction.user.id, guild: interaction.guildId, action: 'remove', id: sourceId };
  const refuseWith = refuser(interaction, logger, who);
  const refuse = (reason: string, outcome: string) => refuseWith({ ok: false, reason }, outcome);
  await deferResponse(interaction, { ephemeral: true });
  return oneAtATime(live.corpusDir, async () => {
    const { corpus } = live.current;
    const source = findSource(corpus, sourceId);
    if (!source) return refuse(`There is no source “${sourceId}”. Sources: ${corpus.sources.map((known) => known.id).join(', ')}.`, 'unknown-source');
    if (corpus.sources.length === 1) return refuse(`${source.id} is the only source, and the bot needs at least one: add another first.`, 'last-source');
    const removed = await removeReport(live.corpusDir, source.file);
    if (!removed.ok) return refuse(removed.reason, 'missing-file');
    return reloadAfter(interaction, live, logger, removed.change, source, who);
  });
}

/** A saved web page, told by its name or the type the client sent (the page itself is checked once downloaded). */
function isSavedPage(attachment: Attachment): boolean {
  return /\.x?html?$/i.test(attachment.name) || /^(text\/html|application\/xhtml\+xml)\b/i.test(attachment.contentType ?? '');
}

/** Pages waiting for Add or Cancel (see pending-imports.ts). */
const pendingImports = new PendingImports();

async function addUrl(interaction: ChatInputCommandInteraction, { live, logger, pageFetch }: CommandContext): Promise<HandlerResult> {
  const address = interaction.options.getString('url', true).trim();
  const who = { by: interaction.user.id, guild: interaction.guildId, action: 'add-url', url: address.slice(0, 300) };
  const refuse = refuser(interaction, logger, who);
  if (!isWebAddress(address)) return refuse({ ok: false, reason: 'Give the page’s web address, starting with https:// (or http://).' }, 'invalid');
  await deferResponse(interaction, { ephemeral: true });
  // pageFetch is set only by tests (to reach their loopback page server); the bot itself never sets it.
  return previewImport(interaction, live, await importPageAddress(address, pageFetch), who, refuse);
}

/** Shows what the page would add, holding the report until the moderator presses Add or Cancel. */
async function previewImport(
  interaction: ChatInputCommandInteraction,
  live: LiveIndex,
  imported: ExtractResult,
  who: Record<string, unknown>,
  refuse: Refuse,
): Promise<HandlerResult> {
  if (!imported.ok) return refuse(imported, 'no-article');
  if (interaction.options.getString('title') !== null || interaction.options.getString('publisher') !== null) {
    return refuse({ ok: false, reason: 'The title and publisher options are for plain text: a web page’s report takes them from the page itself. Leave them out.' }, 'invalid');
  }
  const { article } = imported;
  const id = interaction.options.getString('id')?.trim() || articleId(article);
  if (!id) return refuse({ ok: false, reason: 'The page states no title to make an id from; give one with the id option.' }, 'invalid');
  const text = reportFileText(article, id);
  const prepared = await prepareReport({ name: `${id}.md`, bytes: new TextEncoder().encode(text) }, live.current.corpus);
  if (!prepared.ok) return refuse(prepared, 'invalid');
  const key = pendingImports.add({ moderatorId: interaction.user.id, guildId: interaction.guildId, text, id });
  await respond(interaction, renderImportPreview(article, prepared, key), { ephemeral: true });
  return { results: prepared.source.paragraphs.length, outcome: 'previewed' };
}

/** Add and Cancel under an import preview. */
export const importButtonHandler: ButtonHandler = {
  prefix: IMPORT_BUTTON_PREFIX,
  async handle(interaction: ButtonInteraction, { live, logger, access }: CommandContext): Promise<HandlerResult> {
    const [, action, key = ''] = interaction.customId.split(':');
    if (await refuseCorpusChange(interaction, access, logger)) return { outcome: 'refused' };
    const claimed = pendingImports.claim(key, interaction.user.id, true);
    if (!claimed.ok) {
      const content = claimed.reason === 'not-yours' ? 'Only the moderator who asked for this preview can add or cancel it.' : 'This preview has expired or was already used (or the bot restarted); run the command again.';
      await respond(interaction, { content }, { ephemeral: true });
      return { outcome: `import-${claimed.reason}` };
    }
    const { entry } = claimed;
    if (action !== 'add') {
      await interaction.update({ content: 'Cancelled: nothing was written.', embeds: [], components: [] });
      return { outcome: 'import-cancelled' };
    }
    await interaction.update({ content: `Adding ${entry.id}…`, embeds: [], components: [] });
    const who = { by: interaction.user.id, guild: interaction.guildId, action: 'add', upload: `${entry.id}.md (imported page)` };
    // Checked again as it is written: the corpus may have changed since the preview.
    return addReport(interaction, live, logger, { name: `${entry.id}.md`, bytes: new TextEncoder().encode(entry.text) }, { ...who, imported: true }, refuser(interaction, logger, who));
  },
};

/** Swaps the index as /reload does; if the reload is refused, the change on disk is taken back. */
async function reloadAfter(
  interaction: RepliableInteraction,
  live: LiveIndex,
  logger: Logger,
  change: CorpusChange,
  source: Source,
  fields: Record<string, unknown>,
): Promise<HandlerResult> {
  if (live.reloading) logger.debug('corpus change waits for a reload under way', { ...fields, file: change.file });
  const outcome = await live.reloadAfterRunning();
  const described = { ...fields, action: change.action, file: change.file, ...(change.history ? { history: change.history } : {}) };
  if (outcome.kind === 'reloaded') {
    logger.info('corpus change', { ...described, outcome: 'applied', version: outcome.index.corpus.version, diff: outcome.diff });
    await respond(interaction, renderCorpusChanged(change, source, outcome.index.corpus), { ephemeral: true });
    return { outcome: change.action };
  }
  let undoFailed = false;
  try {
    await change.undo();
  } catch (error) {
    undoFailed = true;
    logger.error('corpus change could not be undone', { ...described, error });
  }
  logger.warn('corpus change undone', { ...described, outcome: outcome.kind, ...(outcome.kind === 'invalid' ? { errors: outcome.errors } : {}) });
  await respond(interaction, renderCorpusUndone(outcome, undoFailed), { ephemeral: true });
  return { outcome: `undone-${outcome.kind}` };
}

/**
 * The attachment's bytes, at most MAX_FILE_BYTES of them, within DOWNLOAD_TIMEOUT_MS, from one of
 * `origins` only; a redirect is not followed (it could lead anywhere).
 */
async function download(attachment: Attachment, origins: readonly string[]): Promise<{ ok: true; bytes: Uint8Array } | Refusal> {
  const name = displayName(attachment.name);
  let url: URL;
  try {
    url = new URL(attachment.url);
  } catch {
    return { ok: false, reason: `“${name}” cannot be downloaded: its address is not valid. Upload the file again.` };
  }
  if (!origins.includes(url.origin)) return { ok: false, reason: `“${name}” cannot be downloaded: it is not stored on Discord. Upload the file to Discord.` };
  const tooLarge = (size: number | string): Refusal => ({ ok: false, reason: `“${name}” is ${size} bytes; a report file may be at most ${MAX_FILE_BYTES} bytes (1 MB).` });
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'manual' });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      return { ok: false, reason: `“${name}” could not be downloaded: Discord sent it elsewhere (HTTP ${response.status}), which the bot does not follow. Upload it again.` };
    }
    if (!response.ok || !response.body) return { ok: false, reason: `“${name}” could not be downloaded (HTTP ${response.status}); try uploading it again.` };
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > MAX_FILE_BYTES) {
      await response.body.cancel();
      return tooLarge(declared);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > MAX_FILE_BYTES) {
        await reader.cancel();
        return tooLarge(`more than ${MAX_FILE_BYTES}`);
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return { ok: true, bytes };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { ok: false, reason: timedOut ? `Downloading “${name}” took longer than ${DOWNLOAD_TIMEOUT_MS / 1000} s; try again.` : `“${name}” could not be downloaded; try uploading it again.` };
  }
}
