import { ApplicationCommandOptionType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Attachment, AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { matchSources } from '../../answer/source-lookup.js';
import { MAX_FILE_BYTES, tooLargeReason } from '../../corpus/file-size.js';
import { checkUploadType, displayName } from '../../corpus/report-upload.js';
import type { ExtractResult } from '../../import/extract-article.js';
import { importPageAddress, importPageBytes, isWebAddress } from '../../import/import-page.js';
import { articleId, reportFileText } from '../../import/report-file.js';
import { download } from '../attachment-download.js';
import { defineSlashCommand, optionsOf, SOURCE_OPTION } from '../command-definitions.js';
import { addReport, answerChange, refuser, type Refuse } from '../corpus-change-answer.js';
import { UnusableRequest, WRONG_OPTIONS, type CommandContext, type HandlerResult } from '../handler.js';
import { DiscordLimits } from '../limits.js';
import { refuseCorpusChange } from '../permissions.js';
import { renderCorpusList } from '../render-corpus.js';
import { renderImportPreview } from '../render-import.js';
import { sourceChoices } from '../render-source.js';
import { deferResponse, respond } from '../responder.js';

export const data = defineSlashCommand({
  name: 'corpus',
  description: "Operator's moderators: add, replace, remove or list the reports the bot quotes",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'add',
      description: 'Add a report (or replace the one with the same id) from a file or a saved web page',
      options: [
        {
          type: ApplicationCommandOptionType.Attachment,
          name: 'file',
          description: 'A report file (.md), plain text, or a saved web page (.html) to preview; at most 1 MB',
          required: true,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'title',
          description: 'Plain text only: the report title, as the report states it',
          max_length: 256,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'publisher',
          description: 'Plain text only: the publisher, as the report states it',
          max_length: 200,
        },
        { type: ApplicationCommandOptionType.String, name: 'id', description: 'Plain text only: the source id (default: from the file name)', max_length: 32 },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'add-url',
      description: 'Preview a news page by its address, then add its article as a report',
      options: [
        { type: ApplicationCommandOptionType.String, name: 'url', description: 'The page address, https://…', required: true, max_length: 2000 },
        { type: ApplicationCommandOptionType.String, name: 'id', description: 'The source id (default: from the title)', max_length: 32 },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'remove',
      description: 'Remove a report (its file is kept in the history folder)',
      options: [SOURCE_OPTION],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'List the reports: id, title, publisher, paragraphs, file' },
  ],
});

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<HandlerResult> {
  if (await refuseCorpusChange(interaction, context.access, context.logger)) return { outcome: 'refused' };
  const subcommand = optionsOf(interaction, data).subcommand();
  switch (subcommand) {
    case 'list':
      await respond(interaction, renderCorpusList(context.library.current.corpus), { ephemeral: true });
      return { results: context.library.current.corpus.sources.length, outcome: 'listed' };
    case 'add':
      return add(interaction, context);
    case 'add-url':
      return addUrl(interaction, context);
    case 'remove':
      return remove(interaction, context);
    default:
      // Never, by the definition's types; a client may still send anything.
      throw new UnusableRequest(WRONG_OPTIONS, `unknown /corpus subcommand ${String(subcommand)}`);
  }
}

export async function autocomplete(interaction: AutocompleteInteraction, { library }: CommandContext): Promise<HandlerResult> {
  const typed = interaction.options.getFocused();
  const choices = sourceChoices(matchSources(library.current.corpus, typed, DiscordLimits.autocompleteChoices));
  await interaction.respond(choices);
  return { results: choices.length };
}

async function add(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<HandlerResult> {
  const { library, logger, attachmentOrigins: origins } = context;
  const options = optionsOf(interaction, data);
  const attachment = options.requiredAttachment('file');
  const who = { by: interaction.user.id, guild: interaction.guildId, action: 'add', upload: displayName(attachment.name), size: attachment.size };
  const refuse = refuser(interaction, logger, who);

  // What can be told from the attachment's description is refused before downloading anything.
  if (attachment.size > MAX_FILE_BYTES) {
    return refuse({ ok: false, reason: `“${displayName(attachment.name)}” ${tooLargeReason(attachment.size)}.` }, 'too-large');
  }
  const page = isSavedPage(attachment);
  const wrongType = page ? undefined : checkUploadType(attachment.name, attachment.contentType);
  if (wrongType) return refuse(wrongType, 'wrong-type');

  await deferResponse(interaction, { ephemeral: true });
  const downloaded = await download(attachment, origins);
  if (!downloaded.ok) return refuse(downloaded, 'download-failed');
  if (page)
    return previewImport(interaction, context, await importPageBytes(downloaded.bytes, { contentType: attachment.contentType ?? undefined }), who, refuse);

  const upload = {
    name: attachment.name,
    bytes: downloaded.bytes,
    id: options.string('id') ?? undefined,
    title: options.string('title') ?? undefined,
    publisher: options.string('publisher') ?? undefined,
  };
  return addReport(interaction, library, logger, upload, who);
}

async function remove(interaction: ChatInputCommandInteraction, { library, logger }: CommandContext): Promise<HandlerResult> {
  const sourceId = optionsOf(interaction, data).requiredString('source').trim();
  await deferResponse(interaction, { ephemeral: true });
  return answerChange(interaction, logger, await library.remove(sourceId), {
    by: interaction.user.id,
    guild: interaction.guildId,
    action: 'remove',
    id: sourceId,
  });
}

/** A saved web page, told by its name or the type the client sent (the page itself is checked once downloaded). */
function isSavedPage(attachment: Attachment): boolean {
  return /\.x?html?$/i.test(attachment.name) || /^(text\/html|application\/xhtml\+xml)\b/i.test(attachment.contentType ?? '');
}

async function addUrl(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<HandlerResult> {
  const { logger, pageFetch } = context;
  const address = optionsOf(interaction, data).requiredString('url').trim();
  const who = { by: interaction.user.id, guild: interaction.guildId, action: 'add-url', url: address.slice(0, 300) };
  const refuse = refuser(interaction, logger, who);
  if (!isWebAddress(address)) return refuse({ ok: false, reason: 'Give the page’s web address, starting with https:// (or http://).' }, 'invalid');
  await deferResponse(interaction, { ephemeral: true });
  // pageFetch is set only by tests (to reach their loopback page server); the bot itself never sets it.
  return previewImport(interaction, context, await importPageAddress(address, pageFetch), who, refuse);
}

/** Shows what the page would add, holding the report until the moderator presses Add or Cancel. */
async function previewImport(
  interaction: ChatInputCommandInteraction,
  { library, pendingImports }: CommandContext,
  imported: ExtractResult,
  who: Record<string, unknown>,
  refuse: Refuse,
): Promise<HandlerResult> {
  if (!imported.ok) return refuse(imported, 'no-article');
  const options = optionsOf(interaction, data);
  if (options.string('title') !== null || options.string('publisher') !== null) {
    return refuse(
      { ok: false, reason: 'The title and publisher options are for plain text: a web page’s report takes them from the page itself. Leave them out.' },
      'invalid',
    );
  }
  const { article } = imported;
  const id = options.string('id')?.trim() || articleId(article);
  if (!id) return refuse({ ok: false, reason: 'The page states no title to make an id from; give one with the id option.' }, 'invalid');
  const text = reportFileText(article, id);
  const prepared = await library.prepare({ name: `${id}.md`, bytes: new TextEncoder().encode(text) });
  if (!prepared.ok) return refuse(prepared, 'invalid');
  const key = pendingImports.add({ moderatorId: interaction.user.id, guildId: interaction.guildId, text, id });
  await respond(interaction, renderImportPreview(article, prepared, key), { ephemeral: true });
  return { results: prepared.source.paragraphs.length, outcome: 'previewed' };
}
