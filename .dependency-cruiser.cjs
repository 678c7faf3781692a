// The layer rules of src/, checked by `npm run lint` (depcruise src). Layers, lowest first:
//   the loose files of src/ (log, time-slices, …) → corpus → search → answer → library → edges (discord | terminal)
// plus import (web pages → reports), which sits beside the core and below the edges.
// A module may import its own layer and the layers below it, never one above.

/** The core, lowest first: each may import only the ones before it. */
const CORE = ['corpus', 'search', 'answer', 'library'];

/** The edges: they render for a user and are never imported by the core or by import/. */
const EDGES = ['discord', 'terminal'];

/** Discord's libraries, which only the Discord edge may use. */
const DISCORD_PACKAGES = ['discord.js', 'discord-api-types', '@discordjs/[^/]+'];

/**
 * The modules that read or write the corpus folder. The Discord edge changes and reloads reports only through
 * the library layer (src/library), never by calling these.
 */
const CORPUS_FILE_IO = ['src/corpus/corpus-folder.ts', 'src/corpus/load-corpus.ts'];

/**
 * The files that assemble a folder's subfolders (e.g. the bot wiring src/discord/commands/): the only ones
 * allowed to import from a subfolder of their own folder.
 */
const COMPOSITION_ROOTS = [
  'src/discord/bot.ts',
  'src/discord/main.ts',
  'src/discord/sharded.ts',
  'src/discord/register-commands.ts',
  'src/discord/deploy-commands.ts',
];

const anyOf = (paths) => `^(${paths.map((path) => path.replaceAll('.', '\\.')).join('|')})$`;
const folders = (names) => `^src/(${names.join('|')})/`;
const packages = (names) => `(^|/)node_modules/(${names.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles: split the module or move what both need into a lower layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment:
        'No two sibling folders import each other, even through different modules (e.g. discord/commands/ and a discord/buttons/): ' +
        'what both need belongs in a module both import. (A folder and its own subfolder: see no-import-back-up.)',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    ...CORE.map((layer, at) => ({
      name: `${layer}-not-above-itself`,
      severity: 'error',
      comment: `src/${layer} is below ${[...CORE.slice(at + 1), ...EDGES, 'import'].join(', ')}: it never imports them.`,
      from: { path: `^src/${layer}/` },
      to: { path: folders([...CORE.slice(at + 1), ...EDGES, ...(layer === 'library' ? [] : ['import'])]) },
    })),
    {
      name: 'core-not-discord',
      severity: 'error',
      comment: "The core never imports Discord's libraries or the Discord edge's configuration (config.ts requires the token).",
      from: { path: folders([...CORE, 'import']) },
      to: { path: [packages(DISCORD_PACKAGES), '^src/discord/config\\.ts$'] },
    },
    {
      name: 'import-not-edges',
      severity: 'error',
      comment: 'src/import turns pages into reports for both edges: it never imports an edge.',
      from: { path: '^src/import/' },
      to: { path: folders(EDGES) },
    },
    {
      name: 'edges-not-each-other',
      severity: 'error',
      comment: 'The Discord edge and the terminal share code through the layers below them, never directly.',
      from: { path: '^src/(discord|terminal)/' },
      to: { path: '^src/(discord|terminal)/', pathNot: '^src/$1/' },
    },
    {
      name: 'discord-not-corpus-file-io',
      severity: 'error',
      comment: 'src/discord drives no corpus file I/O: it adds, removes and reloads reports through the library layer (src/library).',
      from: { path: '^src/discord/' },
      to: { path: anyOf(CORPUS_FILE_IO) },
    },
    {
      name: 'no-import-back-up',
      severity: 'error',
      comment:
        "A folder's own files are the ground its subfolders build on (e.g. src/discord/*.ts under src/discord/commands/): " +
        'they never import from a subfolder, except the composition roots that wire the subfolders together. Move what both need ' +
        '(e.g. the handler types of commands/command.ts) into a module of the parent folder.',
      from: { path: '^(src|src/.+)/[^/]+$', pathNot: anyOf(COMPOSITION_ROOTS) },
      to: { path: '^$1/[^/]+/' },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'Every package src/ imports is declared in the dependencies of package.json.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'src/ runs in production, where devDependencies are not installed (type-only imports are erased and allowed).',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves to a file or an installed package.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count too: a layer that needs another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
