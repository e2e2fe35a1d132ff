// Every importer, in the order detection tries them (the most specific content first).
import { harImporter } from './har';
import { openApiImporter } from './openapi';
import type { Importer } from './types';

export const IMPORTERS: readonly Importer[] = [harImporter, openApiImporter];
