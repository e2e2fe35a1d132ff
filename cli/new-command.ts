// `stampede new`: lists the scenario templates (the built-in gallery and the user's own in
// .stampede/templates/); `stampede new NAME [FILE]` writes one out, never over a file unless --force.
import { copyFileSync, existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { findTemplate, listTemplates, userTemplatesDir, type ScenarioTemplate } from '../scenario/catalogue';
import { UsageError, type ParsedArgs } from './args';

export async function newCommand(args: ParsedArgs): Promise<number> {
  const cwd = process.cwd();
  const templates = listTemplates(cwd);
  const [name, target, ...extra] = args.files;
  if (extra.length) throw new UsageError('new takes a template name and at most one file name');
  if (name === undefined) {
    process.stdout.write(formatList(templates, cwd));
    return 0;
  }
  const template = findTemplate(templates, name);
  if (!template) {
    process.stderr.write(`stampede: no template named "${name}"; run \`stampede new\` to list them\n`);
    return 2;
  }
  const file = resolve(cwd, target ?? `${name}.scenario.yaml`);
  if (existsSync(file) && !args.force) {
    process.stderr.write(`stampede: ${relative(cwd, file) || file} already exists; add --force to overwrite it\n`);
    return 2;
  }
  copyFileSync(template.file, file);
  const shown = relative(cwd, file) || file;
  process.stdout.write(`wrote ${shown} (${template.source} template "${template.name}")\nrun it: stampede run ${shown}\n`);
  return 0;
}

function formatList(templates: ScenarioTemplate[], cwd: string): string {
  const width = Math.max(12, ...templates.map((t) => t.name.length)) + 2;
  const section = (title: string, items: ScenarioTemplate[], empty: string): string =>
    `${title}\n${items.length ? items.map((t) => `  ${t.name.padEnd(width)}${t.summary}\n`).join('') : `  ${empty}\n`}`;
  const builtIn = templates.filter((t) => t.source === 'built-in');
  const user = templates.filter((t) => t.source === 'user');
  const userDir = relative(cwd, userTemplatesDir(cwd));
  return [
    section('Built-in scenarios (the gallery):', builtIn, '(none found: is the samples/ folder installed?)'),
    section(`Your templates (${userDir}/*.scenario.yaml):`, user, 'none yet: save a scenario there to see it here'),
    'Write one out: stampede new NAME [FILE] (default NAME.scenario.yaml; --force overwrites)\n',
  ].join('\n');
}
