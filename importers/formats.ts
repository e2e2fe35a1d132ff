// Every importer, in the order detection tries them (the most specific content first).
import { artilleryImporter } from './artillery/index';
import { httpFileImporter } from './http-file/index';
import { postmanImporter } from './postman/index';
import type { Importer } from './types';

export const IMPORTERS: readonly Importer[] = [postmanImporter, artilleryImporter, httpFileImporter];
