// Reads an OpenAPI 3.x document (YAML or JSON) and dereferences it with @apidevtools/swagger-parser.
// External `$ref`s to files are read through the input (relative to the document's folder);
// `$ref`s to http(s) URLs are never fetched: an import does not reach the network.
import SwaggerParser from '@apidevtools/swagger-parser';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ImportError, type ImportInput } from '../types';
import type { OpenApiDocument } from './model';

const OPENAPI_3 = /^\s*["']?openapi["']?\s*:\s*["']?3\.\d/m;

/** Does `text` look like an OpenAPI 3 document (YAML or JSON)? */
export function looksLikeOpenApi(text: string): boolean {
  if (OPENAPI_3.test(text.slice(0, 20_000))) return true;
  if (!/^\s*\{/.test(text)) return false;
  // JSON whose `openapi` may come anywhere (a minified export with its keys sorted): read it whole.
  try {
    const version = (JSON.parse(text) as { openapi?: unknown } | null)?.openapi;
    return typeof version === 'string' && /^3\./.test(version);
  } catch {
    return false;
  }
}

export async function loadDocument(input: ImportInput): Promise<OpenApiDocument> {
  let raw: unknown;
  try {
    raw = parse(input.text, { maxAliasCount: -1 });
  } catch (error) {
    // The parser's first line says what and where; the rest quotes the text around it.
    throw new ImportError(`${input.fileName}: not YAML or JSON: ${(error as Error).message.split('\n')[0].replace(/:$/, '')}`);
  }
  const version = (raw as { openapi?: unknown } | null)?.openapi;
  if (typeof version !== 'string' || !/^3\./.test(version)) {
    const swagger = (raw as { swagger?: unknown } | null)?.swagger;
    throw new ImportError(swagger ? `${input.fileName}: Swagger ${String(swagger)} is not read; convert it to OpenAPI 3 first` : `${input.fileName}: not an OpenAPI 3 document (no \`openapi: 3.x\`)`);
  }
  const base = resolve(input.fileName);
  try {
    const api = await SwaggerParser.dereference(base, raw as never, {
      resolve: {
        http: false,
        file: {
          order: 1,
          canRead: (file) => !/^https?:/i.test(file.url),
          read: (file) => {
            const path = file.url.startsWith('file:') ? fileURLToPath(file.url) : decodeURI(file.url);
            const text = input.readRelative?.(relative(dirname(base), path));
            if (text === undefined) throw new Error(`cannot read ${path}`);
            return text;
          },
        },
      },
      // A schema that refers to itself keeps its `$ref` there: a tree, never a cycle.
      dereference: { circular: 'ignore' },
    });
    return api as unknown as OpenApiDocument;
  } catch (error) {
    const message = (error as Error).message;
    const remote = /\$ref pointer "https?:/i.test(message) ? ' (a reference to an http(s) URL is never fetched: save that file beside the document and refer to it by its path)' : '';
    throw new ImportError(`${input.fileName}: ${message}${remote}`);
  }
}
