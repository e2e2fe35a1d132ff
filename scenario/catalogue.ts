// The scenario templates `stampede new` offers: the built-in gallery (samples/gallery/, shipped
// with the package) and the user's own, in .stampede/templates/ of the current folder.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type TemplateSource = 'built-in' | 'user';

export interface ScenarioTemplate {
  /** What `stampede new NAME` takes: the file name without `.scenario.yaml`. */
  name: string;
  source: TemplateSource;
  file: string;
  /** One line: the scenario's `description` (or its `name`), shortened. */
  summary: string;
}

const TEMPLATE_FILE = /^(.+)\.scenario\.ya?ml$/;
const SUMMARY_LENGTH = 100;

/** dist/cli.js runs from dist/, and samples/ ships beside it. */
export function galleryDir(): string {
  return join(__dirname, '..', 'samples', 'gallery');
}

export function userTemplatesDir(cwd: string): string {
  return join(cwd, '.stampede', 'templates');
}

/** Built-in templates first, then the user's, each sorted by name. */
export function listTemplates(cwd: string, builtInDir: string = galleryDir()): ScenarioTemplate[] {
  return [...readTemplates(builtInDir, 'built-in'), ...readTemplates(userTemplatesDir(cwd), 'user')];
}

/** A user template shadows a built-in one of the same name: the user chose that name. */
export function findTemplate(templates: ScenarioTemplate[], name: string): ScenarioTemplate | undefined {
  return templates.find((t) => t.name === name && t.source === 'user') ?? templates.find((t) => t.name === name);
}

function readTemplates(dir: string, source: TemplateSource): ScenarioTemplate[] {
  if (!existsSync(dir)) return [];
  const out: ScenarioTemplate[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const match = TEMPLATE_FILE.exec(entry.name);
    if (!match || !entry.isFile()) continue;
    const file = join(dir, entry.name);
    out.push({ name: match[1], source, file, summary: summarize(file) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function summarize(file: string): string {
  let value: unknown;
  try {
    value = parse(readFileSync(file, 'utf8'));
  } catch {
    return '(could not be read as YAML)';
  }
  const record = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const text = [record.description, record.name].find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? '';
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SUMMARY_LENGTH ? `${line.slice(0, SUMMARY_LENGTH - 1).trimEnd()}…` : line;
}
