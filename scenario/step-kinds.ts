// The kinds of step (`request`, `think`, `sse`, …), read from the schema's `step` definition
// rather than listed again: messages that name them stay right when the schema gains a kind.
// The schema chooses a step's kind with a chain of `if: { required: [KIND] }`, `then: { $ref }`,
// `else: …`; the chain's last `else` is what reports a step with no kind.
import { resolveRef, SCHEMA_ROOT, type SchemaObject } from './schema-objects';

function readChain(): { kinds: Map<string, SchemaObject>; noKind: SchemaObject | undefined } {
  const kinds = new Map<string, SchemaObject>();
  let link: SchemaObject | undefined = SCHEMA_ROOT.definitions.step;
  while (link?.if?.required?.length === 1 && link.then) {
    const schema = resolveRef(link.then);
    if (schema) kinds.set(link.if.required[0], schema);
    link = link.else;
  }
  return { kinds, noKind: link };
}

const CHAIN = readChain();

/** Every kind of step, in the schema's order. */
export const STEP_KINDS: readonly string[] = [...CHAIN.kinds.keys()];

/** The schema object of one kind of step (its `properties` are the keys it takes). */
export function stepKindSchema(kind: string): SchemaObject | undefined {
  return CHAIN.kinds.get(kind);
}

/** The schema object whose error means "this step has no kind". */
export const NO_KIND_SCHEMA: unknown = CHAIN.noKind;

/** The kind of a step written as `step` (the first kind key it has), if any. */
export function kindOf(step: Record<string, unknown>): string | undefined {
  return STEP_KINDS.find((kind) => kind in step);
}

/** The kinds whose steps take `key` (`until` → `sse`). */
export function kindsTaking(key: string): string[] {
  return STEP_KINDS.filter((kind) => Object.hasOwn(CHAIN.kinds.get(kind)?.properties ?? {}, key));
}

/** `a \`request\`` or `an \`sse\``: a kind named in a sentence. */
export function kindWord(kind: string): string {
  return kind === 'sse' || /^[aeiou]/.test(kind) ? `an \`${kind}\`` : `a \`${kind}\``;
}
