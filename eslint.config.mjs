// Flat config. Besides the usual rules it enforces DESIGN.md's one dependency rule:
// core/ and protocol/ never import `vscode`; webviews import no host code but the protocol.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const vscodeBan = { name: 'vscode', message: 'core/ and protocol/ stay free of the VS Code API (DESIGN.md).' };
const kafkajsInternalsBan = { group: ['kafkajs/src/*', 'kafkajs/src/**'], message: 'kafkajs internals are reached only through core/adapters/kafka/internals.ts.' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '.brokers/**', '.artifacts/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/extension/core/**/*.ts', 'src/extension/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [vscodeBan], patterns: [{ group: ['vscode'], message: vscodeBan.message }, kafkajsInternalsBan] }],
    },
  },
  {
    // Host code (tree, commands, panels, services) reaches the simulator engine through its one entry
    // point, so the engine's inside can move without touching the host (issue 15).
    files: ['src/extension/**/*.ts'],
    ignores: ['src/extension/core/**', 'src/extension/protocol/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/core/simulator/**', '!**/core/simulator/index.js'], message: 'Host code imports the simulator only through core/simulator/index.ts.' },
            kafkajsInternalsBan,
          ],
        },
      ],
    },
  },
  {
    // The one file allowed to reach into kafkajs/src (its shape is pinned by test/unit/kafka/internals.test.ts).
    files: ['src/extension/core/adapters/kafka/internals.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [vscodeBan], patterns: [{ group: ['vscode'], message: vscodeBan.message }] }],
    },
  },
  {
    files: ['src/extension/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [vscodeBan],
          patterns: [{ group: ['**/core/**', '**/services/**', '**/tree/**', '**/commands/**', '**/panels/**'], message: 'The protocol is shared with webviews: plain types only.' }],
        },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [vscodeBan],
          patterns: [
            {
              group: ['**/extension/*', '!**/extension/protocol', '**/extension/core/**', '**/extension/services/**', '**/extension/tree/**', '**/extension/commands/**', '**/extension/panels/**'],
              message: 'Webviews import no host code but src/extension/protocol.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.mjs', 'bench/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
