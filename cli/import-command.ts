// `stampede import FILE [--out FILE.scenario.yaml] [--from har|openapi|postman|http|artillery]`:
// a scenario from what a team already has. The importer builds the data (importers/), this
// command writes it, says on standard error what was not translated and which environment
// variables to set, and checks that the result validates: an import that does not is a bug,
// reported with the problems at their lines, never a silent bad file.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { dataPathFrom } from '../scenario/data-files';
import { analyzeScenarioText, readTextFile } from '../scenario/load';
import { chooseImporter, detectedInstead } from '../importers/detect';
import { IMPORTERS } from '../importers/formats';
import { ImportError, IMPORT_FORMATS, type CompanionFile, type ImportFormat, type ImportInput } from '../importers/types';
import { scenarioYaml } from '../importers/write-scenario';
import { UsageError, type ParsedArgs } from './args';

export async function importCommand(args: ParsedArgs): Promise<number> {
  if (args.files.length !== 1) throw new UsageError('import takes one file');
  const [name] = args.files;
  const path = resolve(name);
  if (!existsSync(path)) throw new UsageError(`no such file: ${name}`);
  const out = args.out === undefined ? undefined : resolve(args.out);
  if (args.from !== undefined && !IMPORT_FORMATS.includes(args.from as ImportFormat)) throw new UsageError(`--from takes ${IMPORT_FORMATS.join('|')}, got "${args.from}"`);
  if (out && existsSync(out) && !args.force) throw new UsageError(`${args.out} exists; pass --force to overwrite it`);

  const input: ImportInput = {
    text: readFileSync(path, 'utf8'),
    fileName: name,
    readRelative: (relative) => {
      try {
        return readFileSync(resolve(dirname(path), relative), 'utf8');
      } catch {
        return undefined;
      }
    },
    // Beside the scenario, or beside the input when the scenario is printed (as validation reads it).
    scenarioPath: (relative) => dataPathFrom(out ?? path, resolve(dirname(path), relative)),
  };
  let yaml: string;
  let untranslated: string[];
  let env: Record<string, string>;
  let files: CompanionFile[];
  try {
    const importer = chooseImporter(input, IMPORTERS, args.from as ImportFormat | undefined);
    const imported = await importer.convert(input);
    yaml = scenarioYaml(imported, { fileName: name, title: importer.title });
    ({ untranslated, env } = imported);
    files = imported.files ?? [];
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    // Forced with --from to a format the file is not: say what it looks like, if anything (on
    // the same line: the editor's Import… shows that line as the reason).
    const instead = args.from === undefined ? undefined : detectedInstead(input, IMPORTERS, args.from as ImportFormat);
    const hint = instead ? `; it reads as ${instead.title}: pass --from ${instead.format}, or leave --from out to detect the format` : '';
    process.stderr.write(`stampede import: ${error.message}${hint}\n`);
    return 2;
  }

  // Companion files go beside the scenario, or beside the input when the scenario is printed
  // (where a validation of the printed text looks for them).
  const companions = files.map((file) => ({ ...file, at: resolve(dirname(out ?? path), file.path) }));
  const taken = companions.find((file) => existsSync(file.at) && !args.force);
  if (taken) throw new UsageError(`${taken.path} exists beside the scenario; pass --force to overwrite it`);
  for (const file of companions) {
    mkdirSync(dirname(file.at), { recursive: true });
    writeFileSync(file.at, file.text);
    process.stderr.write(`wrote ${file.path}: ${file.note}\n`);
  }
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, yaml);
  } else process.stdout.write(yaml);
  for (const item of untranslated) process.stderr.write(`not translated: ${item}\n`);
  for (const [variable, meaning] of Object.entries(env)) process.stderr.write(`set ${variable}: ${meaning}\n`);

  const where = args.out ?? '<stdout>';
  const errors = analyzeScenarioText(yaml, { file: out ?? path, readFile: readTextFile }).diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors) process.stderr.write(`${where}:${d.range.start.line + 1}:${d.range.start.character + 1}: error: ${d.message}\n`);
  if (errors.length > 0) {
    process.stderr.write(`stampede import: the imported scenario has ${errors.length} error${errors.length === 1 ? '' : 's'} (please report this with the input)\n`);
    return 3;
  }
  if (out) process.stderr.write(`wrote ${args.out}\n`);
  return 0;
}
