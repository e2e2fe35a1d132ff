// Every importer, in the order detection tries them (the most specific content first).
import { artilleryImporter } from './artillery/index';
import { harImporter } from './har';
import { httpFileImporter } from './http-file/index';
import { openApiImporter } from './openapi';
import { postmanImporter } from './postman/index';
import type { Importer } from './types';

export const IMPORTERS: readonly Importer[] = [harImporter, openApiImporter, postmanImporter, artilleryImporter, httpFileImporter];
