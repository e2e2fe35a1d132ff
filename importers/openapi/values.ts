// Values for what an operation sends: a parameter's or a body's documented example, else one
// generated from its schema (generate.ts), checked against the schema with ajv so that what
// the scenario sends is valid by the document's own rules.
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { PATTERN_TRIES, generate } from './generate';
import type { MediaType, OpenApiDocument, Parameter, Schema } from './model';

/** The problems of `value` against `schema` (none: valid, or a schema ajv cannot read). */
type Validator = (schema: Schema, value: unknown) => Problem[];

interface Problem {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Where the document's components are registered with ajv, once: a `$ref` left in a schema points there. */
const COMPONENTS_ID = 'stampede:components';

/** A validator for the document's JSON Schema dialect (3.1: 2020-12; 3.0: its draft-04 subset, with `nullable`). */
export function schemaValidator(doc: OpenApiDocument): Validator {
  // Each schema is compiled to test a handful of values: ajv's optimising pass over the generated
  // code cost more than it saved (a third of a large API's import).
  const options = { strict: false, allErrors: true, validateFormats: false, validateSchema: false, code: { optimize: false } } as const;
  const ajv = /^3\.1/.test(doc.openapi) ? new Ajv2020(options) : new Ajv(options);
  // A `$ref` left where a schema refers to itself points into the document's components. They
  // are added once under their own id and the ref redirected there, so ajv compiles each
  // referenced component once for the whole document; compiling the components into every
  // schema took seconds on a large API (Discord's: 3 s of a 5.5 s import).
  ajv.addSchema({ $id: COMPONENTS_ID, components: doc.components ?? {} });
  // A body's schema is tested up to five times (example, generated, mended): compiled once.
  const compiled = new WeakMap<Schema, ReturnType<typeof ajv.compile> | 'unreadable'>();
  const compile = (schema: Schema): ReturnType<typeof ajv.compile> | 'unreadable' => {
    try {
      const text = JSON.stringify(schema);
      return ajv.compile(text.includes('"$ref"') ? JSON.parse(text.replaceAll('"$ref":"#/components/', `"$ref":"${COMPONENTS_ID}#/components/`)) : schema);
    } catch {
      return 'unreadable'; // a schema ajv cannot read (a 3.0 boolean exclusiveMinimum…) cannot judge the value
    }
  };
  return (schema, value) => {
    let validate = compiled.get(schema);
    if (validate === undefined) compiled.set(schema, (validate = compile(schema)));
    if (validate === 'unreadable') return [];
    return validate(value) ? [] : ((validate.errors ?? []) as Problem[]);
  };
}

/** The documented example of a parameter or media type, if any. */
export function documentedExample(source: Pick<Parameter | MediaType, 'example' | 'examples' | 'schema'>): { value: unknown } | undefined {
  if (source.example !== undefined) return { value: source.example };
  for (const example of Object.values(source.examples ?? {})) {
    if (example && typeof example === 'object' && 'value' in example && example.value !== undefined) return { value: example.value };
  }
  const schema = source.schema;
  if (schema?.example !== undefined) return { value: schema.example };
  if (Array.isArray(schema?.examples) && schema.examples.length > 0) return { value: schema.examples[0] };
  if (schema?.default !== undefined) return { value: schema.default };
  if (schema?.enum?.length) return { value: schema.enum[0] };
  return undefined;
}

/** A value generated from `schema` (undefined without one). */
export function generated(schema: Schema | undefined, doc: OpenApiDocument): unknown {
  return generate(schema, doc);
}

/**
 * The body to send for a media type: its example when that is valid against its schema, else a
 * generated one, its strings mended where a `pattern` or `minLength` refused them; `problem` says
 * when even that does not validate.
 */
export function bodyValue(media: MediaType, doc: OpenApiDocument, validate: Validator): { value: unknown; problem?: string } {
  const example = documentedExample(media);
  if (example && (!media.schema || validate(media.schema, example.value).length === 0)) return { value: example.value };
  let value: unknown = generated(media.schema, doc) ?? {};
  if (!media.schema) return { value };
  let problems = validate(media.schema, value);
  for (let round = 0; round < 3 && problems.length > 0 && problems.every(mendable); round++) {
    for (const problem of problems) value = mended(value, problem);
    problems = validate(media.schema, value);
  }
  if (problems.length === 0) return { value };
  return { value, problem: problems.slice(0, 3).map((p) => `body${p.instancePath} ${p.message ?? p.keyword}`).join('; ') };
}

function mendable(problem: Problem): boolean {
  return problem.keyword === 'pattern' || problem.keyword === 'minLength';
}

/** `value` with the string at the problem's path replaced by one the keyword accepts. */
function mended(value: unknown, problem: Problem): unknown {
  const path = problem.instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const replace = (current: unknown): unknown => {
    if (problem.keyword === 'minLength') return String(current ?? '').padEnd(Number(problem.params.limit), 'x');
    let pattern: RegExp;
    try {
      pattern = new RegExp(String(problem.params.pattern), 'u');
    } catch {
      return current;
    }
    return PATTERN_TRIES.find((candidate) => pattern.test(candidate)) ?? current;
  };
  if (path.length === 0) return replace(value);
  const root = value as Record<string, unknown>;
  let parent = root;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  parent[last] = replace(parent[last]);
  return root;
}
