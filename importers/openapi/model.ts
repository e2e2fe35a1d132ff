// The parts of an OpenAPI 3.0/3.1 document the importer reads, after dereferencing (a `$ref`
// remains only where a schema refers to itself). Loose on purpose: real documents stray from
// the specification, and the importer reads what it can.

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  required?: string[];
  example?: unknown;
  examples?: unknown;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  readOnly?: boolean;
  format?: string;
  [key: string]: unknown;
}

export interface Example {
  value?: unknown;
  externalValue?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, Example>;
}

export interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, Example>;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, MediaType> };
  responses?: Record<string, { content?: Record<string, MediaType> } | undefined>;
  security?: Record<string, string[]>[];
  callbacks?: Record<string, unknown>;
}

export type PathItem = { parameters?: Parameter[] } & Partial<Record<string, unknown>>;

export interface SecurityScheme {
  type: 'apiKey' | 'http' | 'oauth2' | 'openIdConnect' | 'mutualTLS' | string;
  name?: string;
  in?: 'header' | 'query' | 'cookie';
  scheme?: string;
}

export interface OpenApiDocument {
  openapi: string;
  info?: { title?: string; version?: string };
  servers?: { url: string; variables?: Record<string, { default?: string; enum?: string[] }> }[];
  paths?: Record<string, PathItem | undefined>;
  webhooks?: Record<string, PathItem | undefined>;
  components?: { securitySchemes?: Record<string, SecurityScheme>; [key: string]: unknown };
  security?: Record<string, string[]>[];
  tags?: { name: string }[];
}

/** One operation with where it lives. */
export interface ApiOperation {
  method: string;
  path: string;
  operation: Operation;
  /** Path-level and operation-level parameters, the operation's winning on the same name and place. */
  parameters: Parameter[];
  /** Its position in the document, to keep the document's order among equals. */
  index: number;
  /** How it is named in the scenario (its `operationId`, else `METHOD path`). */
  name: string;
}
