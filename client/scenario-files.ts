// Which files are scenarios: YAML (the language `stampede-scenario`) and JSON (`*.scenario.json`,
// left in VS Code's JSON language, which validates it against our schema through
// `jsonValidation`). Every feature that finds, runs or lenses scenarios uses these.
export const LANGUAGE_ID = 'stampede-scenario';

export const SCENARIO_GLOB = '**/*.scenario.{yaml,yml,json}';

export function isScenarioFile(fileName: string): boolean {
  return /\.scenario\.(ya?ml|json)$/i.test(fileName);
}

/** A document selector that both vscode and vscode-languageclient accept. */
export const SCENARIO_DOCUMENTS: { language: string; pattern?: string }[] = [
  { language: LANGUAGE_ID },
  { language: 'json', pattern: '**/*.scenario.json' },
];
