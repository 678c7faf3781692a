/**
 * Generated input for the command fuzzer: hostile text (any Unicode, markdown, mentions, zero-width,
 * control and bidi characters, empty and 6,000-character strings), paragraph numbers far outside any
 * range, and who is asking (member, moderator, manager, admin, DM).
 */
import fc from 'fast-check';
import { PermissionFlagsBits } from 'discord.js';

const SNOWFLAKE = '123456789012345678';

/** Markdown that would format text if it reached Discord unescaped. */
export const MARKDOWN = ['*', '**', '***', '_', '__', '`', '``', '```', '```js\n', '~~', '||', '>', '> ', '>>> ', '#', '# ', '## ', '-# ', '- ', '* ', '1. ', '[x](y)', '[x](https://example.com)', '\\', '\\*', '<', '>', ':', '-', '|'];
/** Things that ping or render as mentions. */
export const MENTIONS = ['@everyone', '@here', `<@${SNOWFLAKE}>`, `<@!${SNOWFLAKE}>`, `<@&${SNOWFLAKE}>`, `<#${SNOWFLAKE}>`, `</ask:${SNOWFLAKE}>`, '<t:0:R>', `<:kek:${SNOWFLAKE}>`, '@', '@@everyone', 'https://discord.gg/x'];
/** Invisible, control and direction characters. */
export const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u0000', '\u0007', '\b', '\t', '\n', '\r', '\r\n', '\u000b', '\u000c', '\u001b[31m', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\u200e', '\u200f', '\u202a', '\u202b', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u061c'];
/** Other Unicode that trips code: combining marks, astral and lone surrogates, case folding, other digits and scripts. */
export const ODD_UNICODE = ['e\u0301', '\u0301', '👍🏽', '👨‍👩‍👧', '🇺🇦', '𝕏', '\ud800', '\udfff', 'İ', 'ß', 'ﬁ', 'ﷺ', 'ﷻ', '㎞', '①', '½', 'Σ', '１２３', '٥٠٠٠٠', '五万', 'مرحبا', 'שלום', 'Курск', '북한', '…', '“', '”', '¶', '·', '—', '\\u0000', '%s', '${x}', '{{x}}', '__proto__', 'constructor', 'toString'];
/** Words and figures of the reports, so some inputs do find quotes. */
export const TOPICAL = ['north', 'korean', 'koreans', 'troops', 'soldiers', 'kursk', 'russia', 'russian', 'ukraine', 'zelensky', 'zelenksy', 'putin', 'sullivan', 'pentagon', 'dprk', 'pyongyang', 'killed', 'wounded', 'casualties', 'mobilize', 'nuclear', '50,000', '50k', '50 000', '10,000', '11,000', '40,000', '100,000', 'how', 'many', 'what', 'did', 'say', 'the', '?'];

export interface Vocabulary {
  /** Questions people ask (tests/eval/questions.json). */
  readonly questions: readonly string[];
  /** Source ids of the corpus. */
  readonly sourceIds: readonly string[];
  /** Titles and publishers, for autocomplete. */
  readonly labels: readonly string[];
}

const token = fc.constantFrom(...MARKDOWN, ...MENTIONS, ...INVISIBLE, ...ODD_UNICODE);
const separator = fc.constantFrom(' ', ' ', ' ', '', '\n', '  ', '\t');

/** Text mixing real words with hostile tokens and random Unicode. */
function mixed(vocabulary: Vocabulary, maxParts: number): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...TOPICAL) },
    { weight: 4, arbitrary: token },
    { weight: 1, arbitrary: fc.constantFrom(...vocabulary.sourceIds) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  );
  return fc.array(fc.tuple(piece, separator), { maxLength: maxParts }).map((parts) => parts.map(([text, sep]) => text + sep).join(''));
}

/** A question of the evaluation set with hostile text spliced in at a random place. */
function mutatedQuestion(vocabulary: Vocabulary): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...vocabulary.questions), fc.nat(), mixed(vocabulary, 3), fc.boolean())
    .map(([question, at, insert, upper]) => {
      const cut = at % (question.length + 1);
      const text = question.slice(0, cut) + insert + question.slice(cut);
      return upper ? text.toUpperCase() : text;
    });
}

/** Exactly `length` UTF-16 units made by repeating a hostile piece (Discord allows 6,000 characters in a message). */
function longRepeated(vocabulary: Vocabulary, length: number): fc.Arbitrary<string> {
  return mixed(vocabulary, 6)
    .filter((unit) => unit.length > 0)
    .map((unit) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
}

/**
 * Any text a client could send in a string option: empty, whitespace only, any Unicode ('binary'
 * code points and 'grapheme' clusters), markdown and mentions, invisible characters, real
 * questions with junk spliced in, and 6,000-character strings.
 */
export function hostileText(vocabulary: Vocabulary): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n', '\u200b', '\u202e', '   \t ') },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 60 }) },
    { weight: 6, arbitrary: mixed(vocabulary, 16) },
    { weight: 4, arbitrary: mutatedQuestion(vocabulary) },
    { weight: 2, arbitrary: fc.constantFrom(...vocabulary.questions) },
    { weight: 1, arbitrary: longRepeated(vocabulary, 6000) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 6000, maxLength: 6000 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 300, maxLength: 320 }) },
  );
}

/** What is typed in /source's source option: real ids (padded, cased), prefixes of titles, or anything. */
export function sourceText(vocabulary: Vocabulary): fc.Arbitrary<string> {
  const id = fc.constantFrom(...vocabulary.sourceIds);
  return fc.oneof(
    { weight: 4, arbitrary: id },
    { weight: 1, arbitrary: fc.tuple(id, fc.constantFrom(' ', '\n', '\t', '\u200b', '\u00a0', '\u202e', ':3', ' ¶3', '*')).map(([text, pad]) => (pad.startsWith(':') || pad.startsWith(' ¶') || pad === '*' ? text + pad : pad + text + pad)) },
    { weight: 1, arbitrary: fc.tuple(id, fc.nat()).map(([text, n]) => text.slice(0, n % (text.length + 1))) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...vocabulary.labels), fc.nat(), fc.boolean()).map(([text, n, upper]) => (upper ? text.toUpperCase() : text).slice(0, 1 + (n % text.length))) },
    { weight: 4, arbitrary: hostileText(vocabulary) },
  );
}

/** Paragraph numbers: in range, just outside, zero, negative, beyond 2^31 and 2^53, and non-integers. */
export const paragraphNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 14 }) },
  { weight: 3, arbitrary: fc.constantFrom(0, -0, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32, 2 ** 32 + 3, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 63, 2 ** 64, 1e21, 1e300, -1e300, Number.MAX_VALUE, Number.MIN_VALUE, 0.5, 2.5, 3.0000001) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 2, arbitrary: fc.maxSafeInteger() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

/** A DM with the bot about one time in five. */
export const inDm: fc.Arbitrary<boolean> = fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 4, arbitrary: fc.constant(false) });

/** Who runs /reload: members with any permissions and roles, moderators, managers, admins, DMs. */
export interface Caller {
  readonly dm: boolean;
  /** Role names of the harness guild. */
  readonly roles: readonly ('Managers' | 'Moderators')[];
  /** member.permissions as sent, or computed from the roles when undefined. */
  readonly permissions?: bigint;
}

const PERMISSION_BITS = Object.values(PermissionFlagsBits);

export const caller: fc.Arbitrary<Caller> = fc.record(
  {
    dm: inDm,
    roles: fc.subarray(['Managers', 'Moderators'] as const),
    permissions: fc.oneof(
      fc.constant(undefined),
      fc.constant(PermissionFlagsBits.ManageGuild),
      fc.constant(PermissionFlagsBits.Administrator),
      fc.constant(0n),
      fc.subarray(PERMISSION_BITS).map((bits) => bits.reduce((sum, bit) => sum | bit, 0n)),
    ),
  },
  { requiredKeys: ['dm', 'roles'] },
);
