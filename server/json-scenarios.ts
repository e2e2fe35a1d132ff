// Scenarios written as JSON (`*.scenario.json`). VS Code's own JSON language service already
// checks their syntax and schema (the extension's `jsonValidation`) and completes and explains
// keys from the schema; this server adds what it alone knows (templates in scope, units,
// captures, data files, hints) and stays out of the rest: its completion, hovers and quick fixes
// are written for YAML text.
import type { Diagnostic } from '../scenario/types';

export function isJsonScenario(uri: string): boolean {
  return /\.json$/i.test(uri);
}

/**
 * Whether a diagnostic of a JSON scenario is ours to publish: the JSON service reports syntax and
 * schema errors itself, except a template naming nothing, which the schema cannot know.
 */
export function reportedForJson(d: Diagnostic): boolean {
  return d.stage === 'rules' || d.code === 'undefined-template-name';
}
