import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './scripts/layers.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'fixtures/', 'coverage/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    // Type-aware rules: a promise is awaited, returned or voided on purpose, never dropped.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
    },
  },
  {
    // What may import what (ARCHITECTURE.md).
    files: ['src/**/*.ts', 'adapters/**/*.ts'],
    plugins: { etms: layers },
    rules: { 'etms/layers': 'error' },
  },
  {
    // Errors are recognised by their kind and built by their kind (src/errors.ts), never by code text.
    files: ['src/**/*.ts', 'adapters/**/*.ts', 'bench/**/*.ts'],
    ignores: ['src/errors.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(startsWith|endsWith|includes)$/][arguments.0.value=/^ETMS_E/]',
          message: 'Recognise an error by its kind (Kind.is) or family (family.has), not by its code text.',
        },
        {
          selector: 'BinaryExpression[operator=/^[!=]==?$/][right.value=/^ETMS_E_/]',
          message: 'Recognise an error by its kind (Kind.is), not by comparing its code.',
        },
        {
          selector: 'BinaryExpression[operator=/^[!=]==?$/][left.value=/^ETMS_E_/]',
          message: 'Recognise an error by its kind (Kind.is), not by comparing its code.',
        },
        {
          selector: "NewExpression[callee.name='EtmsError']",
          message: 'Build an error through its kind (defineError in the errors.ts of its area).',
        },
      ],
    },
  },
);
