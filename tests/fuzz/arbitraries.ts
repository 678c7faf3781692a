/**
 * Generated input for the command fuzzer: hostile text (any Unicode, markdown, mentions, zero-width,
 * control and bidi characters, empty and 6,000-character strings), paragraph numbers far outside any
 * range, who is asking (member, moderator, manager, admin, DM), /ask's hide and mention options,
 * picked suggestions (real and malformed), answer-button custom ids, the messages "Find in reports"
 * is used on, and /corpus uploads (path-like names, NUL, lying sizes, content types, binary, invalid
 * UTF-8, valid reports).
 */
import { PermissionFlagsBits } from 'discord.js';
import fc from 'fast-check';

const SNOWFLAKE = '123456789012345678';

/** Markdown that would format text if it reached Discord unescaped. */
export const MARKDOWN = [
  '*',
  '**',
  '***',
  '_',
  '__',
  '`',
  '``',
  '```',
  '```js\n',
  '~~',
  '||',
  '>',
  '> ',
  '>>> ',
  '#',
  '# ',
  '## ',
  '-# ',
  '- ',
  '* ',
  '1. ',
  '[x](y)',
  '[x](https://example.com)',
  '\\',
  '\\*',
  '<',
  '>',
  ':',
  '-',
  '|',
];
/** Things that ping or render as mentions. */
export const MENTIONS = [
  '@everyone',
  '@here',
  `<@${SNOWFLAKE}>`,
  `<@!${SNOWFLAKE}>`,
  `<@&${SNOWFLAKE}>`,
  `<#${SNOWFLAKE}>`,
  `</ask:${SNOWFLAKE}>`,
  '<t:0:R>',
  `<:kek:${SNOWFLAKE}>`,
  '@',
  '@@everyone',
  'https://discord.gg/x',
];
/** Invisible, control and direction characters. */
export const INVISIBLE = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u0000',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u000b',
  '\u000c',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u061c',
];
/** Other Unicode that trips code: combining marks, astral and lone surrogates, case folding, other digits and scripts. */
export const ODD_UNICODE = [
  'e\u0301',
  '\u0301',
  '👍🏽',
  '👨‍👩‍👧',
  '🇺🇦',
  '𝕏',
  '\ud800',
  '\udfff',
  'İ',
  'ß',
  'ﬁ',
  'ﷺ',
  'ﷻ',
  '㎞',
  '①',
  '½',
  'Σ',
  '１２３',
  '٥٠٠٠٠',
  '五万',
  'مرحبا',
  'שלום',
  'Курск',
  '북한',
  '…',
  '“',
  '”',
  '¶',
  '·',
  '—',
  '\\u0000',
  '%s',
  '${x}',
  '{{x}}',
  '__proto__',
  'constructor',
  'toString',
];
/** Words and figures of the reports, so some inputs do find quotes. */
export const TOPICAL = [
  'north',
  'korean',
  'koreans',
  'troops',
  'soldiers',
  'kursk',
  'russia',
  'russian',
  'ukraine',
  'zelensky',
  'zelenksy',
  'putin',
  'sullivan',
  'pentagon',
  'dprk',
  'pyongyang',
  'killed',
  'wounded',
  'casualties',
  'mobilize',
  'nuclear',
  '50,000',
  '50k',
  '50 000',
  '10,000',
  '11,000',
  '40,000',
  '100,000',
  'how',
  'many',
  'what',
  'did',
  'say',
  'the',
  '?',
];

export interface Vocabulary {
  /** Questions people ask (tests/fixtures/eval/questions.json). */
  readonly questions: readonly string[];
  /** Source ids of the corpus. */
  readonly sourceIds: readonly string[];
  /** Titles and publishers, for autocomplete. */
  readonly labels: readonly string[];
  /** Paragraph ids of the corpus ("004:3"). */
  readonly paragraphIds: readonly string[];
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
  return fc.tuple(fc.constantFrom(...vocabulary.questions), fc.nat(), mixed(vocabulary, 3), fc.boolean()).map(([question, at, insert, upper]) => {
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
    {
      weight: 1,
      arbitrary: fc
        .tuple(id, fc.constantFrom(' ', '\n', '\t', '\u200b', '\u00a0', '\u202e', ':3', ' ¶3', '*'))
        .map(([text, pad]) => (pad.startsWith(':') || pad.startsWith(' ¶') || pad === '*' ? text + pad : pad + text + pad)),
    },
    { weight: 1, arbitrary: fc.tuple(id, fc.nat()).map(([text, n]) => text.slice(0, n % (text.length + 1))) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...vocabulary.labels), fc.nat(), fc.boolean())
        .map(([text, n, upper]) => (upper ? text.toUpperCase() : text).slice(0, 1 + (n % text.length))),
    },
    { weight: 4, arbitrary: hostileText(vocabulary) },
  );
}

/** Paragraph numbers: in range, just outside, zero, negative, beyond 2^31 and 2^53, and non-integers. */
export const paragraphNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 14 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      0,
      -0,
      -1,
      2 ** 31 - 1,
      2 ** 31,
      -(2 ** 31),
      -(2 ** 31) - 1,
      2 ** 32,
      2 ** 32 + 3,
      2 ** 53 - 1,
      2 ** 53,
      2 ** 53 + 2,
      -(2 ** 53),
      2 ** 63,
      2 ** 64,
      1e21,
      1e300,
      -1e300,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      0.5,
      2.5,
      3.0000001,
    ),
  },
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
  /**
   * In the bot's other server, not the operator's admin one: the roles do not exist there, and the
   * member has every permission unless `permissions` says otherwise (its owner, say).
   */
  readonly elsewhere?: boolean;
}

const PERMISSION_BITS = Object.values(PermissionFlagsBits);

export const caller: fc.Arbitrary<Caller> = fc.record(
  {
    dm: inDm,
    elsewhere: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
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

// ---------------------------------------------------------------- /ask options, suggestions, buttons, Find in reports, /corpus

/** Members of the harness guild (Harness.users keys) a /ask may mention; 'self' is the asker. */
export const MENTION_TARGETS = ['self', 'owner', 'plain', 'other', 'manager', 'moderator'] as const;
export type MentionTarget = (typeof MENTION_TARGETS)[number];

/** /ask's optional hide and mention options, in every combination (absent included). */
export const askOptions: fc.Arbitrary<{ hide?: boolean; mention?: MentionTarget }> = fc.record(
  { hide: fc.boolean(), mention: fc.constantFrom(...MENTION_TARGETS) },
  { requiredKeys: [] },
);

/** Suggestion values no paragraph answers to: ids out of range or of no source, and not ids at all. */
export const MALFORMED_PICKS = [
  '¶',
  '¶999:1',
  '¶004:0',
  '¶004:99999999',
  '¶../x',
  '¶004',
  '¶:3',
  '¶004:',
  '¶004:3:1',
  '¶004.3',
  '¶ 004:3',
  '¶004:-1',
  '¶004:3.5',
  '¶004:1e3',
  '¶¶004:3',
  '¶004:０３',
  '¶004:٣',
  '¶__proto__:1',
  '¶constructor:1',
  `¶${'a'.repeat(33)}:1`,
  '¶004:1000000',
  '¶004:999999',
  '¶004 :3',
  '¶004:3\u200b',
  '¶004:3 ¶000:1',
];

/** What a picked /ask suggestion sends as the question: real "¶<id>" values (some padded), malformed ones, and "¶" with anything after it. */
export function pickedSuggestion(vocabulary: Vocabulary): fc.Arbitrary<string> {
  const real = fc.constantFrom(...vocabulary.paragraphIds).map((id) => `¶${id}`);
  return fc.oneof(
    { weight: 3, arbitrary: real },
    {
      weight: 1,
      arbitrary: fc
        .tuple(real, fc.constantFrom(' ', '\n', '\t', '\u00a0', '\ufeff', '\u200b', '\u202e', '0'))
        .map(([value, pad]) => (pad === '0' ? value.replace(':', ':000') : pad + value + pad)),
    },
    { weight: 3, arbitrary: fc.constantFrom(...MALFORMED_PICKS) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('¶', '¶004:', '¶004', '¶000:1'), hostileText(vocabulary)).map(([mark, rest]) => mark + rest) },
  );
}

/** What is typed in /ask's question while Discord asks for suggestions: anything, and real questions cut at any point. */
export function typedQuestion(vocabulary: Vocabulary): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: hostileText(vocabulary) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...vocabulary.questions), fc.nat(3)).map(([question, n]) => question.slice(0, n)) },
    // Past the first three letters, where suggestions start.
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...vocabulary.questions), fc.nat())
        .map(([question, n]) => question.slice(0, 3 + (n % Math.max(1, question.length - 2)))),
    },
    { weight: 1, arbitrary: pickedSuggestion(vocabulary) },
  );
}

/**
 * How a button's custom id is made from a real answer: as the answer shows it, with another corpus
 * version or asker, with other paragraph ids (maybe of no paragraph), or any string after "ans".
 */
export type ButtonId =
  | { readonly kind: 'real' }
  | { readonly kind: 'version'; readonly version: string }
  | { readonly kind: 'asker'; readonly asker: string }
  | { readonly kind: 'paragraphs'; readonly ids: readonly string[] }
  | { readonly kind: 'raw'; readonly customId: string };

export interface ButtonCase {
  /** What the asker asks (real questions mostly, so there are answers with buttons). */
  readonly question: string;
  readonly hide: boolean;
  readonly dm: boolean;
  readonly action: 'post' | 'more' | 'del';
  readonly id: ButtonId;
  /** Who clicks: the asker, or someone else (maybe a moderator). */
  readonly clicker: 'asker' | Omit<Caller, 'dm'>;
}

/** Custom ids of answer buttons that do not follow `ans:<post|more|del>:<version>:<asker>:<ids>`. */
const MALFORMED_BUTTONS = [
  'ans',
  'ans:',
  'ans:post',
  'ans:post:',
  'ans:more:v',
  'ans:del:v',
  'ans:x:v:1:004.3',
  'ans:POST:v:1:004.3',
  'ans:post:v:abc:004.3',
  'ans:del:v:-1:',
  'ans:post:v:1.5:004.3',
  'ans::::',
  'ans:del',
  'ans:more:v:1:004.3\n',
];

function paragraphIdInButton(vocabulary: Vocabulary): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...vocabulary.paragraphIds).map((id) => id.replace(':', '.')) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...vocabulary.sourceIds, '999', 'zzz', '', '__proto__'), fc.oneof(fc.nat(), fc.constantFrom(0, 99, 2 ** 31, 2 ** 53 + 2)))
        .map(([id, n]) => `${id}.${n}`),
    },
    { weight: 1, arbitrary: fc.constantFrom('004', '004.', '.3', '004.3.1', '0003', '004.03', '004:3', '004.-1', '004.1e1', '', '..', '004.３') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  );
}

export function buttonCase(vocabulary: Vocabulary): fc.Arbitrary<ButtonCase> {
  const id: fc.Arbitrary<ButtonId> = fc.oneof(
    { weight: 5, arbitrary: fc.constant({ kind: 'real' as const }) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom('', '0', '000000000000', 'ffffffffffff'),
          fc.stringMatching(/^[0-9a-f]{12}$/),
          fc.string({ maxLength: 12 }).map((text) => text.replace(/:/g, '')),
        )
        .map((version) => ({ kind: 'version' as const, version })),
    },
    {
      weight: 2,
      arbitrary: fc.oneof(fc.constantFrom('', '0', SNOWFLAKE), fc.stringMatching(/^\d{1,20}$/)).map((asker) => ({ kind: 'asker' as const, asker })),
    },
    { weight: 3, arbitrary: fc.array(paragraphIdInButton(vocabulary), { maxLength: 7 }).map((ids) => ({ kind: 'paragraphs' as const, ids })) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom(...MALFORMED_BUTTONS),
          fc.string({ unit: 'grapheme', maxLength: 40 }).map((rest) => `ans:${rest}`),
          mixed(vocabulary, 6).map((rest) => `ans:${rest}`),
        )
        .map((customId) => ({ kind: 'raw' as const, customId: customId.slice(0, 100) })),
    },
  );
  return fc.record({
    question: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...vocabulary.questions) },
      { weight: 1, arbitrary: mutatedQuestion(vocabulary) },
      { weight: 1, arbitrary: pickedSuggestion(vocabulary) },
    ),
    hide: fc.boolean(),
    dm: inDm,
    action: fc.constantFrom('post' as const, 'more' as const, 'del' as const),
    id,
    clicker: fc.oneof(
      { weight: 2, arbitrary: fc.constant('asker' as const) },
      { weight: 3, arbitrary: caller.map(({ dm: _dm, elsewhere: _elsewhere, ...rest }) => rest) },
    ),
  });
}

/** The text of a message "Find in reports" is used on: anything a message can hold (at most 4,000 characters), and exactly 4,000. */
export function messageText(vocabulary: Vocabulary): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: hostileText(vocabulary).map((text) => text.slice(0, 4000)) },
    { weight: 1, arbitrary: longRepeated(vocabulary, 4000) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 4000, maxLength: 4000 }).map((text) => text.slice(0, 4000)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...vocabulary.questions), fc.constantFrom(...MENTIONS, ...MARKDOWN))
        .map(([question, noise]) => `${noise} ${question} ${noise}`),
    },
  );
}

/** Who runs /corpus: mostly moderators (so uploads get past the permission check), sometimes anyone. */
export const corpusCaller: fc.Arbitrary<Caller> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Caller>({ dm: false, roles: ['Moderators'] }) },
  { weight: 2, arbitrary: fc.constant<Caller>({ dm: false, roles: [], permissions: PermissionFlagsBits.ManageGuild }) },
  { weight: 2, arbitrary: caller },
);

/** An upload's bytes, described so the expected outcome can be told (built by uploadBytes). */
export type UploadBody =
  /** A valid report with front matter (a new id, or one of the corpus: a replacement). */
  | { readonly kind: 'report'; readonly id: string; readonly paragraphs: readonly string[]; readonly crlf: boolean; readonly bom: boolean }
  /** Plain text (becomes a report with front matter built from the options, if it parses). */
  | { readonly kind: 'plain'; readonly text: string }
  /** Any bytes. */
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  /** Text with a byte sequence that is not UTF-8 in it. */
  | { readonly kind: 'invalid-utf8'; readonly before: string; readonly bad: readonly number[]; readonly after: string }
  /** Text with a NUL in it. */
  | { readonly kind: 'nul'; readonly text: string }
  /** More than 1 MB of text. */
  | { readonly kind: 'huge'; readonly extra: number };

export interface CorpusUpload {
  readonly name: string;
  readonly body: UploadBody;
  /** undefined: the emulator's default (text/plain); null: none sent. */
  readonly contentType?: string | null;
  /** The size the attachment claims (undefined: the real one). */
  readonly size?: number;
  readonly id?: string;
  readonly title?: string;
  readonly publisher?: string;
}

export type CorpusCase =
  | { readonly sub: 'list'; readonly caller: Caller }
  | { readonly sub: 'remove'; readonly caller: Caller; readonly source: string }
  | { readonly sub: 'add'; readonly caller: Caller; readonly upload: CorpusUpload };

/** File names a client may send: path-like, hidden, NUL, reserved, very long, lookalikes of real ids, any Unicode. */
export const UPLOAD_NAMES = [
  '../../etc/passwd',
  '../x.md',
  '../../../escape.txt',
  'a/b.md',
  '..',
  '.',
  'x\u0000y.txt',
  '..\\..\\evil.txt',
  '.hidden.md',
  '/etc/passwd',
  '/tmp/x.md',
  'C:\\Windows\\win.ini',
  '%2e%2e%2fx.md',
  'con.txt',
  'nul',
  '004.md',
  '000.txt',
  '004',
  ' .md',
  '.md',
  'report.md.exe',
  'report.exe.md',
  `${'a'.repeat(300)}.txt`,
  'corpus/../../x.txt',
  '~/x.md',
  'x\n.md',
  '\u202etxt.exe',
  '005-report.md',
  'notes.txt',
  'notes',
  'NOTES.TXT',
  'r.markdown',
  'r.text',
  'photo.png',
  'doc.pdf',
  '.history',
  '.history/x.md',
  '..md',
  'a:b.md',
  'a*b?.md',
  'Ünïcödé 報告.md',
  '👍🏽.txt',
];
const EXTENSIONS = ['', '.md', '.txt', '.MD', '.markdown', '.text', '.png', '.exe', '.md.', '.pdf', '.json'];
/** Words for generated reports (not about what the fixed probe question asks). */
const REPORT_WORDS = [
  'quokka',
  'quokkas',
  'river',
  'dawn',
  'officials',
  'said',
  'residents',
  'village',
  'forest',
  'crossing',
  'herd',
  'troops',
  'kursk',
  'frozen',
  'north',
  'the',
  'were',
  'seen',
  '50,000',
  'Seym',
];

/** A name without lone surrogates (a URL cannot carry one). */
const wellFormed = (text: string): string => text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '_');

export function corpusCase(vocabulary: Vocabulary): fc.Arbitrary<CorpusCase> {
  const name = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...UPLOAD_NAMES) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom(...EXTENSIONS))
        .map(([stem, extension]) => wellFormed(stem + extension)),
    },
    { weight: 1, arbitrary: fc.tuple(mixed(vocabulary, 4), fc.constantFrom(...EXTENSIONS)).map(([stem, extension]) => wellFormed(stem + extension)) },
  );
  const sentence = fc.array(fc.constantFrom(...REPORT_WORDS), { minLength: 1, maxLength: 14 }).map((words) => `${words.join(' ')}.`);
  const body: fc.Arbitrary<UploadBody> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('report' as const),
        // A new id mostly; sometimes one of the corpus, which replaces that report.
        id: fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^fz-[a-z0-9]{1,8}$/) }, { weight: 1, arbitrary: fc.constantFrom(...vocabulary.sourceIds) }),
        paragraphs: fc.array(sentence, { minLength: 1, maxLength: 4 }),
        crlf: fc.boolean(),
        bom: fc.boolean(),
      }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('plain' as const), text: hostileText(vocabulary) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 300 }) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('invalid-utf8' as const),
        before: mixed(vocabulary, 6),
        bad: fc.constantFrom(
          [0xff],
          [0xfe],
          [0xc3],
          [0xe2, 0x82],
          [0xed, 0xa0, 0x80],
          [0xc0, 0xaf],
          [0xf8, 0x88, 0x80, 0x80, 0x80],
          [0x80],
          [0xf4, 0x90, 0x80, 0x80],
          [0xe9, 0x0a],
        ),
        after: mixed(vocabulary, 6),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('nul' as const), text: mixed(vocabulary, 6) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('huge' as const), extra: fc.integer({ min: 1, max: 5000 }) }) },
  );
  const contentType = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(
      null,
      'text/markdown; charset=utf-8',
      'text/plain',
      'TEXT/PLAIN',
      'application/octet-stream',
      'application/x-markdown',
      'image/png',
      'application/pdf',
      'text/html',
      'application/x-msdownload',
      '',
      ';',
      ' text/plain ; x',
    ),
    fc.string({ unit: 'binary-ascii', maxLength: 30 }).map((type) => type.replace(/[^\x20-\x7e]/g, '')),
  );
  const size = fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constantFrom(0, 1, 10, 1_000_000, 1_000_001, 2 ** 31, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER, -1) },
  );
  const option = (max: number) =>
    fc.option(
      hostileText(vocabulary).map((text) => text.slice(0, max)),
      { nil: undefined, freq: 4 },
    );
  const upload: fc.Arbitrary<CorpusUpload> = fc
    .record({ name, body, contentType, size, id: option(32), title: option(256), publisher: option(200) })
    .map((raw) => {
      const { contentType: type, size: claimed, id, title, publisher, ...rest } = raw;
      // A valid report is uploaded as one: a text name and type, its true size, no options.
      if (rest.body.kind === 'report') return { ...rest, name: /\.(md|txt)$/i.test(rest.name) ? rest.name : `${rest.name}.md` };
      return {
        ...rest,
        ...(type !== undefined ? { contentType: type } : {}),
        ...(claimed !== undefined ? { size: claimed } : {}),
        ...(id !== undefined ? { id } : {}),
        ...(title !== undefined ? { title } : {}),
        ...(publisher !== undefined ? { publisher } : {}),
      };
    });
  return fc.oneof(
    { weight: 2, arbitrary: fc.record({ sub: fc.constant('list' as const), caller }) },
    { weight: 3, arbitrary: fc.record({ sub: fc.constant('remove' as const), caller: corpusCaller, source: sourceText(vocabulary) }) },
    { weight: 8, arbitrary: fc.record({ sub: fc.constant('add' as const), caller: corpusCaller, upload }) },
  );
}

/** The bytes of an upload. */
export function uploadBytes(body: UploadBody): Uint8Array {
  const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
  switch (body.kind) {
    case 'report': {
      const text = ['---', `id: ${body.id}`, 'title: Generated report', 'publisher: Fuzz Wire', '---', '', body.paragraphs.join('\n\n'), ''].join(
        body.crlf ? '\r\n' : '\n',
      );
      return utf8(`${body.bom ? '\ufeff' : ''}${text}`);
    }
    case 'plain':
      return utf8(body.text);
    case 'bytes':
      return body.bytes;
    case 'invalid-utf8':
      return new Uint8Array([...utf8(body.before), ...body.bad, ...utf8(body.after)]);
    case 'nul':
      return utf8(`${body.text}\u0000${body.text}`);
    case 'huge':
      return utf8('quokka '.repeat(Math.ceil((1_000_000 + body.extra) / 7)));
  }
}
