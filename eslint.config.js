// @ts-check
// Type-aware lint for every TypeScript file in the repository (src/, tests/, tools/, packages/…): each
// file is checked with the tsconfig.json nearest to it, so a workspace package brings its own.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import perfectionist from 'eslint-plugin-perfectionist';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['**/dist/', '**/coverage/', 'corpus/']),
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked],
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { perfectionist },
    rules: {
      // Imports in one block, as the code is written: side effects first, node: builtins, packages, then relative
      // paths (farthest first); inside braces, values before `type` names.
      'perfectionist/sort-imports': [
        'error',
        { groups: ['side-effect', 'builtin', 'external', 'internal', 'parent', ['sibling', 'index'], 'unknown'], newlinesBetween: 0 },
      ],
      'perfectionist/sort-named-imports': ['error', { groups: ['value-import', 'type-import'] }],
      'perfectionist/sort-exports': 'error',
      // With noUncheckedIndexedAccess, `list[i]!` after a bounds check is the codebase's way of saying "in range".
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Counts and sizes in messages (`${size} bytes`) are deliberate; undefined, objects and any still are not.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowAny: false, allowBoolean: false, allowNullish: false, allowNumber: true, allowRegExp: false, allowNever: false },
      ],
      // One-line listeners such as `(error) => logger.error(…)` return nothing on purpose.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `_name` marks a parameter or destructured field that is there to be left out.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  // Plain JavaScript (configs, the sentence encoder's worker) is outside every tsconfig: syntax rules only.
  { files: ['**/*.{js,mjs,cjs}'], extends: [tseslint.configs.disableTypeChecked] },
  prettier,
);
