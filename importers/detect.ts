// Which importer reads a file: the one `--from` names, or the first whose `detect` accepts it;
// and, when the one `--from` named refuses the file, which format it looks like instead.
import { ImportError, IMPORT_FORMATS, type ImportFormat, type ImportInput, type Importer } from './types';

export function chooseImporter(input: ImportInput, importers: readonly Importer[], from?: ImportFormat): Importer {
  if (from) {
    const named = importers.find((importer) => importer.format === from);
    if (!named) throw new ImportError(`no importer for "${from}"`);
    return named;
  }
  const found = importers.find((importer) => importer.detect(input));
  if (!found) {
    throw new ImportError(
      `${input.fileName}: not a format stampede imports (${importers.map((i) => i.title).join(', ')}); name one with --from ${IMPORT_FORMATS.join('|')}`,
    );
  }
  return found;
}

/** The importer detection picks for `input` other than the one `--from` named, if any: what a user probably meant. */
export function detectedInstead(input: ImportInput, importers: readonly Importer[], from: ImportFormat): Importer | undefined {
  return importers.find((importer) => importer.format !== from && importer.detect(input));
}
