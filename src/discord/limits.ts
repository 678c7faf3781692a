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
