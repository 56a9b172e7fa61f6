// ESLint (`npm run lint`, run by CI): typescript-eslint's recommended rules and a few of ours, over
// the product, the tools and the tests. Kept in scripts/ so that the project's top level stays as
// designed; `basePath` makes its patterns start at the project's root.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { basePath: '..' },
  { ignores: ['lib/**', 'dist/**', 'node_modules/**', '.scratch/**', 'tests/fixtures/**'] },
  tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'prefer-const': 'error',
      // An empty catch says "nothing to do": the code around it says why.
      'no-empty': ['error', { allowEmptyCatch: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
