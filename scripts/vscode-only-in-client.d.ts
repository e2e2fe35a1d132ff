// What `import 'vscode'` resolves to outside client/ and test/ (tsconfig.base.json's `paths`):
// it exports nothing, so any use of the API fails to type-check there (ESLint says why first).
// Only the extension runs inside VS Code; see docs/ARCHITECTURE.md.
export {};
