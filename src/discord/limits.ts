/** Discord's limits on what a bot may send, in one place (characters unless said otherwise). */
export const DiscordLimits = {
  messageContent: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedAuthorName: 256,
  /** All titles, descriptions, field names and values, footers and author names of a message together. */
  embedTotal: 6000,
  autocompleteChoices: 25,
  autocompleteChoiceName: 100,
  autocompleteChoiceValue: 100,
  customId: 100,
  /** An interaction must be acknowledged this soon after it is created. */
  acknowledgeMs: 3000,
} as const;

/**
 * Discord's global limit (50 requests a second) does not bind interaction callbacks and interaction
 * webhooks, which are nearly all this bot sends; @discordjs/rest counts them against it anyway, which
 * held a burst's deferred answers to 50 edits a second. Its other requests (the gateway address,
 * command registration) are a handful, and a real global 429 is still obeyed from Discord's headers.
 */
export const UNBOUNDED_GLOBAL_RATE = Number.POSITIVE_INFINITY;
