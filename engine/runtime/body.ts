// Request bodies compiled once: JSON trees with templates in their strings, form fields (a list
// repeats its key), multipart fields with generated files (the bytes of a given size are built
// once and reused) or files from disk (read once per run).
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { JsonValue, MultipartField, RequestBody } from '../../scenario/types';
import { compileTemplate, type CompiledTemplate } from './template';
import type { VuState } from './vu-state';

export interface CompiledBody {
  contentType: string;
  /** Set when the body has nothing to render: the request may be built once. */
  constant?: string;
  render(vu: VuState): string | Buffer;
}

type JsonRenderer = (vu: VuState) => JsonValue;

/** A JSON value whose strings may hold templates (bodies, WebSocket messages, `expect.json`). */
export function compileJson(value: JsonValue): { constant: boolean; render: JsonRenderer } {
  if (typeof value === 'string') {
    const template = compileTemplate(value);
    if (template.constant !== undefined) return { constant: true, render: () => value };
    return { constant: false, render: (vu) => template.render(vu) };
  }
  if (Array.isArray(value)) {
    const items = value.map(compileJson);
    if (items.every((item) => item.constant)) return { constant: true, render: () => value };
    return { constant: false, render: (vu) => items.map((item) => item.render(vu)) };
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, child]) => [key, compileJson(child)] as const);
    if (entries.every(([, child]) => child.constant)) return { constant: true, render: () => value };
    return {
      constant: false,
      render: (vu) => {
        const out: Record<string, JsonValue> = {};
        for (const [key, child] of entries) out[key] = child.render(vu);
        return out;
      },
    };
  }
  return { constant: true, render: () => value };
}

const generatedFiles = new Map<number, Buffer>();

/** Deterministic, incompressible-looking bytes of a given size, built once per size. */
function generatedFile(size: number): Buffer {
  let buffer = generatedFiles.get(size);
  if (!buffer) {
    buffer = Buffer.allocUnsafe(size);
    let x = 2463534242;
    for (let i = 0; i < size; i++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      buffer[i] = x & 0xff;
    }
    generatedFiles.set(size, buffer);
  }
  return buffer;
}

/** Form fields as key/template pairs in order; a list gives its key once per item. */
export function compileFields(fields: Record<string, string | string[]>): [string, CompiledTemplate][] {
  return Object.entries(fields).flatMap(([key, value]) => ([] as string[]).concat(value).map((item): [string, CompiledTemplate] => [key, compileTemplate(item)]));
}

/** Content types of the files people upload most, by extension; anything else is bytes. */
const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml',
  pdf: 'application/pdf', json: 'application/json', csv: 'text/csv', txt: 'text/plain', html: 'text/html', xml: 'application/xml',
  zip: 'application/zip', gz: 'application/gzip', mp4: 'video/mp4',
};

function contentTypeOf(fileName: string): string {
  return CONTENT_TYPES[extname(fileName).slice(1).toLowerCase()] ?? 'application/octet-stream';
}

/** A file part's bytes: generated once per size, or read from disk once per run. */
function fileContent(field: Extract<MultipartField, { kind: 'file' | 'disk' }>): Buffer {
  if (field.kind === 'file') return generatedFile(field.sizeBytes);
  try {
    return readFileSync(field.path);
  } catch (err) {
    throw new Error(`multipart file ${field.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function compileMultipart(fields: Record<string, MultipartField>): CompiledBody {
  const boundary = `----stampede${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(([key, field]) => {
    if (field.kind !== 'text') {
      // The file name is a string value like any other: templates render per request.
      const name = compileTemplate(field.name);
      const type = field.contentType ?? (field.kind === 'disk' ? contentTypeOf(field.path) : 'application/octet-stream');
      const header = (fileName: string) =>
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${key}"; filename="${fileName.replace(/["\r\n]/g, '_')}"\r\n` +
            `Content-Type: ${type}\r\n\r\n`,
        );
      const fixed = name.constant !== undefined ? header(name.constant) : undefined;
      const content = fileContent(field);
      return (vu: VuState): Buffer[] => [fixed ?? header(name.render(vu)), content, Buffer.from('\r\n')];
    }
    const template = compileTemplate(field.value);
    const header = `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n`;
    return (vu: VuState): Buffer[] => [Buffer.from(`${header}${template.render(vu)}\r\n`)];
  });
  const closing = Buffer.from(`--${boundary}--\r\n`);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    render: (vu) => Buffer.concat([...parts.flatMap((part) => part(vu)), closing]),
  };
}

export function compileBody(body: RequestBody): CompiledBody {
  switch (body.kind) {
    case 'json': {
      const json = compileJson(body.value);
      if (json.constant) {
        const text = JSON.stringify(body.value);
        return { contentType: 'application/json', constant: text, render: () => text };
      }
      return { contentType: 'application/json', render: (vu) => JSON.stringify(json.render(vu)) };
    }
    case 'text': {
      const template = compileTemplate(body.value);
      return { contentType: 'text/plain; charset=utf-8', constant: template.constant, render: (vu) => template.render(vu) };
    }
    case 'form': {
      const fields = compileFields(body.fields);
      return {
        contentType: 'application/x-www-form-urlencoded',
        render: (vu) => {
          const params = new URLSearchParams();
          for (const [key, template] of fields) params.append(key, template.render(vu));
          return params.toString();
        },
      };
    }
    case 'multipart':
      return compileMultipart(body.fields);
  }
}
