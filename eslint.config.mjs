// @ts-check
import tseslint from 'typescript-eslint';

const NO_VSCODE = { name: 'vscode', message: 'src/core, src/cli, src/node, src/shared and src/webview must not import vscode; put VS Code code in src/vscode.' };
const NO_ADAPTERS = { group: ['**/vscode/**', '../vscode', '../../vscode'], message: 'Only src/vscode and src/main.ts may depend on the VS Code adapters.' };
const NO_CLI = { group: ['**/cli/**', '../cli', '../../cli', './cli/**'], message: 'Only src/cli depends on the CLI: move shared code to src/core, or to src/node for Node-only file access.' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '.vscode-test/**', 'test-results/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The core is shared by the CLI and the extension: it must never depend on the VS Code API, the
    // adapters or the CLI (src/node holds Node-only file access both faces share).
    files: ['src/core/**/*.ts', 'src/node/**/*.ts', 'src/webview/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [NO_ADAPTERS, NO_CLI] }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [NO_ADAPTERS] }],
    },
  },
  {
    // The editor and the CLI are two faces over the same core: neither imports the other.
    files: ['src/vscode/**/*.ts', 'src/extension.ts', 'src/main.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_CLI] }],
    },
  },
  {
    // `Config` (src/vscode/config.ts) is the one reader of settings: typed, validated, defaults in src/vscode/settings.ts.
    files: ['src/**/*.ts'],
    ignores: ['src/vscode/config.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "MemberExpression[property.name='getConfiguration']",
        message: 'Read settings through Config (services.config); add a typed getter in src/vscode/config.ts and the key and default in src/vscode/settings.ts.',
      }],
    },
  },
);
