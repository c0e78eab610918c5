// ESLint for the server, the web app, tests, benchmarks and scripts (`npm run lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'web/dist/**', 'dist/**', '.dist-*/**', 'data/**', 'web/src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused names are errors, except a deliberate `_name` and the rest of a destructuring.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' }],
    },
  },
  {
    // Tests, their fixtures and migrations (Kysely<any> by design: a migration sees the schema of its day) may use `any`.
    files: ['**/*.test.ts', '**/*.e2e.ts', '**/*.testkit.ts', '**/*.isolation.ts', 'src/test/**', 'e2e/**', 'bench/**', 'src/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // The Rules of Hooks and effect dependencies. The plugin's React Compiler rules are left out:
    // the app does not use the compiler, and they flag dnd-kit's ref callbacks as refs (ADR 0010).
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
