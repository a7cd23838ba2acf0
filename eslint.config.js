// Lint rules: the recommended sets, plus the house rules from design.md that a linter can check.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { FLOOR_OF, forbiddenFor } from './scripts/floors.js';

/** Packages a part of src/ must not load (core has no terminal, SQL, pixel or SDK concerns). */
const FORBIDDEN_PACKAGES = {
  core: ['chalk', 'ora', 'commander', '@inquirer/prompts', 'cli-table3', 'better-sqlite3', 'sharp', '@google/genai'],
};

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The floors (scripts/floors.js) as no-restricted-imports per part of src/: a relative import
 * of a part on the same floor or above is an error. The rule sees import and export-from
 * statements; scripts/check-floors.js, run by `npm test`, checks the same exactly, dynamic
 * import() and circles included. This rule says it in the editor.
 */
const floorRules = Object.keys(FLOOR_OF).map((part) => {
  const atTop = part.endsWith('.ts'); // src/version.ts: its imports start with ./
  const targets = forbiddenFor(part).map((other) => (other.endsWith('.ts') ? `${escape(other.replace(/\.ts$/, '.js'))}$` : `${escape(other)}/`));
  const regex = `^${atTop ? '\\./' : '(\\.\\./)+'}(${targets.join('|')})`;
  return {
    files: [atTop ? `src/${part}` : `src/${part}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: FORBIDDEN_PACKAGES[part] ?? [],
          patterns: targets.length ? [{ regex, message: `src/${part} is on floor ${FLOOR_OF[part]}: import only from a lower floor or from its own folder (docs/architecture.md).` }] : [],
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', Response: 'readonly', Headers: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The entry is CommonJS (bin/package.json), in syntax old Node versions parse.
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly', __filename: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // process.exit belongs to the entry point alone; core has no terminal concerns.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/main.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'Only src/cli/main.ts exits.' }] },
  },
  ...floorRules,
);
