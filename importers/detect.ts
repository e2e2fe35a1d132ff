// Which importer reads a file: the one `--from` names, or the first whose `detect` accepts it.
import { ImportError, type ImportFormat, type ImportInput, type Importer } from './types';

export function chooseImporter(input: ImportInput, importers: readonly Importer[], from?: ImportFormat): Importer {
  if (from) {
    const named = importers.find((importer) => importer.format === from);
    if (!named) throw new ImportError(`no importer for "${from}"`);
    return named;
  }
  const found = importers.find((importer) => importer.detect(input));
  if (!found) {
    throw new ImportError(
      `${input.fileName}: not a format stampede imports (${importers.map((i) => i.title).join(', ')}); name one with --from ${importers.map((i) => i.format).join('|')}`,
    );
  }
  return found;
}
