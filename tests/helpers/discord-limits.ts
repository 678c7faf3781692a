/** Checks on what the bot sent: Discord's size limits (src/discord/limits.ts) and our reply flags. */
import type { DiscordEmulator, InteractionEvent, WireMessageBody } from '@kursk/discord-emulator';
import { MessageFlags } from 'discord.js';
import { expect } from 'vitest';
import { DiscordLimits } from '../../src/discord/limits.js';

const length = (value: unknown): number => (typeof value === 'string' ? value.length : 0);

/** Fails unless a message body (callback data, edit or follow-up) is within every Discord limit. */
export function assertWithinDiscordLimits(body: WireMessageBody | null | undefined, where = 'message'): void {
  expect(body, `${where}: no body`).toBeTruthy();
  if (!body) return;
  expect(length(body.content), `${where}: content length`).toBeLessThanOrEqual(DiscordLimits.messageContent);
  const embeds = body.embeds ?? [];
  expect(embeds.length, `${where}: embed count`).toBeLessThanOrEqual(DiscordLimits.embedsPerMessage);
  let total = 0;
  embeds.forEach((embed, e) => {
    const at = `${where}: embeds[${e}]`;
    expect(length(embed.title), `${at}.title`).toBeLessThanOrEqual(DiscordLimits.embedTitle);
    expect(length(embed.description), `${at}.description`).toBeLessThanOrEqual(DiscordLimits.embedDescription);
    expect(length(embed.footer?.text), `${at}.footer.text`).toBeLessThanOrEqual(DiscordLimits.embedFooter);
    expect(length(embed.author?.name), `${at}.author.name`).toBeLessThanOrEqual(DiscordLimits.embedAuthorName);
    const fields = embed.fields ?? [];
    expect(fields.length, `${at}.fields count`).toBeLessThanOrEqual(DiscordLimits.embedFields);
    total += length(embed.title) + length(embed.description) + length(embed.footer?.text) + length(embed.author?.name);
    fields.forEach((field, f) => {
      expect(length(field.name), `${at}.fields[${f}].name`).toBeLessThanOrEqual(DiscordLimits.embedFieldName);
      expect(length(field.value), `${at}.fields[${f}].value`).toBeLessThanOrEqual(DiscordLimits.embedFieldValue);
      expect(field.name.trim(), `${at}.fields[${f}].name is empty`).not.toBe('');
      expect(field.value.trim(), `${at}.fields[${f}].value is empty`).not.toBe('');
      total += length(field.name) + length(field.value);
    });
  });
  expect(total, `${where}: embed characters in total`).toBeLessThanOrEqual(DiscordLimits.embedTotal);
  const nonEmpty = length(body.content?.trim()) > 0 || embeds.length > 0 || (body.components ?? []).length > 0;
  expect(nonEmpty, `${where}: empty message`).toBe(true);
}

/** Fails unless autocomplete choices are within Discord's limits. */
export function assertChoicesWithinLimits(choices: readonly { name: string; value: string | number }[] | undefined, where = 'autocomplete'): void {
  expect(Array.isArray(choices), `${where}: choices missing`).toBe(true);
  expect(choices!.length, `${where}: choice count`).toBeLessThanOrEqual(DiscordLimits.autocompleteChoices);
  for (const choice of choices!) {
    expect(choice.name.length, `${where}: choice name "${choice.name}"`).toBeGreaterThanOrEqual(1);
    expect(choice.name.length, `${where}: choice name "${choice.name}"`).toBeLessThanOrEqual(DiscordLimits.autocompleteChoiceName);
    expect(String(choice.value).length, `${where}: choice value`).toBeGreaterThanOrEqual(1);
    expect(String(choice.value).length, `${where}: choice value`).toBeLessThanOrEqual(DiscordLimits.autocompleteChoiceValue);
  }
}

const checkedEvents = new WeakSet<InteractionEvent>();

/**
 * Every interaction request recorded from `fromRequest` on: accepted by the emulator (2xx), each
 * message body (callback 4/7, edit, follow-up) within Discord's limits, autocomplete choices too.
 * And what members see: a message sent with embeds is never flagged SuppressEmbeds and shows every
 * embed it was sent with (the stored message, as Discord returns it), and no link in its content
 * can unfurl into a preview (each URL is wrapped in <…>, or the message has no embeds and is flagged).
 */
export function assertRecordedRepliesOk(emulator: DiscordEmulator, fromRequest = 0): void {
  for (const request of emulator.requests.slice(fromRequest)) {
    const where = `${request.method} ${request.path.replace(/\/[\w-]{60,}(?=\/|$)/, '/<token>')}`;
    if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(request.path)) {
      expect(request.status, `${where} answered ${request.status}: ${JSON.stringify(request.response)}`).toBeLessThan(300);
      const body = request.body as { type: number; data?: WireMessageBody };
      if (body.type === 4 || body.type === 7) assertWithinDiscordLimits(body.data, where);
      if (body.type === 8) assertChoicesWithinLimits(body.data?.choices, where);
    } else if (request.path.startsWith('/webhooks/')) {
      expect(request.status, `${where} answered ${request.status}: ${JSON.stringify(request.response)}`).toBeLessThan(300);
      if (request.method === 'PATCH' || request.method === 'POST') assertWithinDiscordLimits(request.body as WireMessageBody, where);
    }
  }
  for (const handle of emulator.interactions.values()) {
    for (const event of handle.events) {
      if (checkedEvents.has(event)) continue;
      checkedEvents.add(event);
      expect(event.kind, `interaction ${handle.id}: a request was rejected: ${JSON.stringify(event.error)}`).not.toBe('rejected');
      const isMessageReply =
        (event.kind === 'callback' && (event.callbackType === 4 || event.callbackType === 7)) || event.kind === 'edit' || event.kind === 'followup';
      if (isMessageReply) assertShownAsSent(event, `interaction ${handle.id} ${event.kind}`);
    }
  }
}

/** A bare http(s) URL in content: Discord unfurls it into a preview embed unless it is wrapped in <…>. */
const UNFURLING_URL = /(?<!<)\bhttps?:\/\/[^\s>]+(?!\S*>)/i;

/**
 * What members see of a message the bot sent: its embeds, never hidden by SuppressEmbeds, as sent;
 * and no link in its content that would unfurl into a preview.
 */
export function assertShownAsSent(event: InteractionEvent, where: string): void {
  const sent = event.data?.embeds ?? [];
  const flags = event.message?.flags ?? 0;
  if (sent.length > 0) {
    expect(flags & MessageFlags.SuppressEmbeds, `${where}: a message with embeds is flagged SuppressEmbeds (flags ${flags}), which hides them all`).toBe(0);
  }
  // Embeds the request left out stay as they were; those it sent are what members must see.
  if (event.data?.embeds !== undefined) {
    const shown = event.message?.embeds ?? [];
    expect(
      shown.map((embed) => embed.title),
      `${where}: the embeds members see`,
    ).toEqual(sent.map((embed) => embed.title?.trim()));
    expect(
      shown.map((embed) => embed.fields?.length ?? 0),
      `${where}: the embed fields members see`,
    ).toEqual(sent.map((embed) => embed.fields?.length ?? 0));
  }
  if (!(flags & MessageFlags.SuppressEmbeds)) {
    expect(event.message?.content ?? '', `${where}: a link in content would unfurl into a preview`).not.toMatch(UNFURLING_URL);
  }
}
