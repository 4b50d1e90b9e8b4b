import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const HEX_MESSAGE = 'A colour is named in src/web/theme/palette.ts (CSS_ROLES for Tailwind classes such as bg-dropped/15); use its role here.';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'test-results/', 'playwright-report/', '.dependency-cruiser.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The hooks rules (the React Compiler's among them, the slowest of all) where React code lives.
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // One home for colours: src/web/theme/palette.ts names each by its role; everything else uses the role.
    files: ['src/web/**/*.{ts,tsx}'],
    ignores: ['src/web/theme/palette.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: String.raw`Literal[value=/#[0-9a-fA-F]{3,8}\b/]`, message: HEX_MESSAGE },
        { selector: String.raw`TemplateElement[value.raw=/#[0-9a-fA-F]{3,8}\b/]`, message: HEX_MESSAGE },
      ],
    },
  },
  {
    // One home for zod's settings: src/shared/zod.ts configures it before any schema is made.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/shared/zod.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'zod', message: "Import z from src/shared/zod.ts, which sets zod up for the app's CSP.", allowTypeImports: true }] }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
);
