import {
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type Attachment,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { matchSources } from '../../answer/source-lookup.js';
import { checkUploadType, displayName, prepareReport, removeReport, writeReport, type CorpusChange, type Refusal } from '../../corpus/corpus-files.js';
import { MAX_FILE_BYTES } from '../../corpus/load-corpus.js';
import { findSource, type Source } from '../../corpus/model.js';
import type { Logger } from '../../log.js';
import type { LiveIndex } from '../../search/live-index.js';
import { DiscordLimits } from '../limits.js';
import { isModerator } from '../permissions.js';
import { renderCorpusChanged, renderCorpusList, renderCorpusRefusal, renderCorpusUndone } from '../render-corpus.js';
import { sourceChoices } from '../render-source.js';
import { deferResponse, respond } from '../responder.js';
import type { CommandContext, HandlerResult } from './command.js';

/** An upload that takes longer than this to download is given up. */
const DOWNLOAD_TIMEOUT_MS = 10_000;

export const data = new SlashCommandBuilder()
  .setName('corpus')
  .setDescription('Moderators: add, replace, remove or list the reports the bot quotes')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Add a report (or replace the one with the same id) from a file')
      .addAttachmentOption((option) => option.setName('file').setDescription('A report file (.md with front matter) or plain text; UTF-8, at most 1 MB').setRequired(true))
      .addStringOption((option) => option.setName('title').setDescription('Plain text only: the report title, as the report states it').setMaxLength(256))
      .addStringOption((option) => option.setName('publisher').setDescription('Plain text only: the publisher, as the report states it').setMaxLength(200))
      .addStringOption((option) => option.setName('id').setDescription('Plain text only: the source id (default: from the file name)').setMaxLength(32)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('remove')
      .setDescription('Remove a report (its file is kept in the history folder)')
      .addStringOption((option) => option.setName('source').setDescription('The report (start typing its id or title)').setRequired(true).setAutocomplete(true).setMaxLength(100)),
  )
  .addSubcommand((sub) => sub.setName('list').setDescription('List the reports: id, title, publisher, paragraphs, file'));

const REFUSAL = 'Only moderators (Manage Server, or a moderator role) can change the corpus.';

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
  if (!isModerator(interaction, context.moderatorRoleIds)) {
    await respond(interaction, { content: REFUSAL }, { ephemeral: true });
    return { outcome: 'refused' };
  }
  const subcommand = interaction.options.getSubcommand(true);
  switch (subcommand) {
    case 'list':
      await respond(interaction, renderCorpusList(context.live.current.corpus), { ephemeral: true });
      return { results: context.live.current.corpus.sources.length, outcome: 'listed' };
    case 'add':
      return add(interaction, context);
    case 'remove':
      return remove(interaction, context);
    default:
      throw new Error(`unknown /corpus subcommand ${subcommand}`);
  }
}

export async function autocomplete(interaction: AutocompleteInteraction, { live }: CommandContext): Promise<HandlerResult> {
  const typed = String(interaction.options.getFocused());
  const choices = sourceChoices(matchSources(live.current.corpus, typed, DiscordLimits.autocompleteChoices));
  await interaction.respond(choices);
  return { results: choices.length };
}

async function add(interaction: ChatInputCommandInteraction, { live, logger }: CommandContext): Promise<HandlerResult> {
  const attachment = interaction.options.getAttachment('file', true);
  const who = { by: interaction.user.id, guild: interaction.guildId, action: 'add', upload: displayName(attachment.name), size: attachment.size };
  const refuse = async (refusal: Refusal, outcome: string): Promise<HandlerResult> => {
    logger.info('corpus change refused', { ...who, outcome, reason: refusal.reason, ...(refusal.errors ? { errors: refusal.errors } : {}) });
    await respond(interaction, renderCorpusRefusal(refusal.reason, refusal.errors), { ephemeral: true });
    return { outcome };
  };

  // What can be told from the attachment's description is refused before downloading anything.
  if (attachment.size > MAX_FILE_BYTES) {
    return refuse({ ok: false, reason: `“${displayName(attachment.name)}” is ${attachment.size} bytes; a report file may be at most ${MAX_FILE_BYTES} bytes (1 MB).` }, 'too-large');
  }
  const wrongType = checkUploadType(attachment.name, attachment.contentType);
  if (wrongType) return refuse(wrongType, 'wrong-type');

  await deferResponse(interaction, { ephemeral: true });
  const downloaded = await download(attachment);
  if (!downloaded.ok) return refuse(downloaded, 'download-failed');

  return oneAtATime(live.corpusDir, async () => {
    const prepared = await prepareReport(
      {
        name: attachment.name,
        bytes: downloaded.bytes,
        id: interaction.options.getString('id') ?? undefined,
        title: interaction.options.getString('title') ?? undefined,
        publisher: interaction.options.getString('publisher') ?? undefined,
      },
      live.current.corpus,
    );
    if (!prepared.ok) return refuse(prepared, 'invalid');
    const written = await writeReport(live.corpusDir, prepared.source.file, prepared.text, prepared.replaces !== undefined);
    if (!written.ok) return refuse(written, 'clash');
    return reloadAfter(interaction, live, logger, written.change, prepared.source, { ...who, id: prepared.source.id, builtFrontMatter: prepared.builtFrontMatter });
  });
}

async function remove(interaction: ChatInputCommandInteraction, { live, logger }: CommandContext): Promise<HandlerResult> {
  const sourceId = interaction.options.getString('source', true).trim();
  const who = { by: interaction.user.id, guild: interaction.guildId, action: 'remove', id: sourceId };
  const refuse = async (reason: string, outcome: string): Promise<HandlerResult> => {
    logger.info('corpus change refused', { ...who, outcome, reason });
    await respond(interaction, renderCorpusRefusal(reason), { ephemeral: true });
    return { outcome };
  };
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

/** Swaps the index as /reload does; if the reload is refused, the change on disk is taken back. */
async function reloadAfter(
  interaction: ChatInputCommandInteraction,
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

/** The attachment's bytes, at most MAX_FILE_BYTES of them, within DOWNLOAD_TIMEOUT_MS. */
async function download(attachment: Attachment): Promise<{ ok: true; bytes: Uint8Array } | Refusal> {
  const name = displayName(attachment.name);
  const url = new URL(attachment.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: `“${name}” cannot be downloaded (not an http address).` };
  const tooLarge = (size: number | string): Refusal => ({ ok: false, reason: `“${name}” is ${size} bytes; a report file may be at most ${MAX_FILE_BYTES} bytes (1 MB).` });
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
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
