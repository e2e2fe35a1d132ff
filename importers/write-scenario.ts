// An import's result as the YAML file a user gets: a header comment saying where it came from,
// what was not translated and which environment variables to set, then the scenario, keys in
// the order the importer built them.
import { Document } from 'yaml';
import type { Imported } from './types';

export function scenarioYaml(imported: Imported, source: { fileName: string; title: string }): string {
  const lines = [`Imported by \`stampede import\` from ${source.fileName} (${source.title}).`];
  const env = Object.entries(imported.env);
  if (env.length > 0) {
    lines.push('', 'Set these environment variables before running (the input\'s values are not copied):');
    for (const [name, meaning] of env) lines.push(`  ${name}: ${meaning}`);
  }
  if (imported.notes?.length) {
    lines.push('', 'How values carry over:');
    for (const note of imported.notes) lines.push(`  - ${note}`);
  }
  if (imported.untranslated.length > 0) {
    lines.push('', 'Not translated:');
    for (const item of imported.untranslated) lines.push(`  - ${item}`);
  }
  const doc = new Document(imported.scenario);
  doc.commentBefore = lines.map((line) => (line ? ` ${line}` : '')).join('\n');
  return doc.toString({ lineWidth: 0 });
}
