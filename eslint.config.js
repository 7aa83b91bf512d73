// ESLint flat config. TypeScript rules everywhere; the lit, lit-a11y and wc plugins on the
// widget (the only code with templates and custom elements). `npm run lint` runs the typecheck
// first and lit-analyzer (template bindings) after.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', '.tmp/**', 'custom-elements.json', 'packages/*/dist/**', 'packages/*/custom-elements.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Tests and fixtures sometimes need `any` for hostile input; flagged, not fatal.
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    files: ['src/widget/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/widget/**/*.ts', 'test/widget/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/widget/**/*.ts', 'test/widget/**/*.ts'],
    ...wc.configs['flat/best-practice'],
  },
  {
    files: ['src/widget/**/*.ts', 'test/widget/**/*.ts'],
    ...litA11y.configs.recommended,
  },
  {
    // chai's property assertions (`expect(x).to.exist`) are expressions by design.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['demo/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
