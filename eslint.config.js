// Flat ESLint config: typescript-eslint's recommended rules, plus the project's safety rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'designer/**', '**/*.d.ts', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // User text is never code: conditions and mappings are FEEL (see DESIGN §2).
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: 'vm', message: 'Never run user text as code.' }, { name: 'node:vm', message: 'Never run user text as code.' }] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The engine must not know of HTTP, express, Vue, service items or cases (DESIGN §1).
    files: ['engine/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vm', 'node:vm', 'http', 'node:http', 'https', 'node:https', 'express', 'vue'],
        patterns: ['@tongban/*'],
      }],
    },
  },
);
