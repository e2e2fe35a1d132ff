// What the schema says about a step's kind, in words: a step with no kind names the key it has
// instead (with the closest kind as did-you-mean), a step with two kinds names both, a key of
// another kind names that kind. The kinds come from the schema (step-kinds.ts), so these
// messages stay right when a kind is added.
import { isRecord } from './foreign-values';
import { result, type ErrorSite, type Explained } from './schema-site';
import { kindsTaking, kindWord, STEP_KINDS, stepKindSchema } from './step-kinds';
import { closest, listWords } from './suggest';
import type { SourceRange } from './types';

const EXAMPLES: Record<string, string> = { request: 'request: GET /path', sse: 'sse: GET /events', think: 'think: 1s' };

/** A step that has none of the kinds' keys. */
export function explainNoKind(site: ErrorSite): Explained {
  const step = isRecord(site.error.data) ? site.error.data : {};
  const keys = Object.keys(step);
  const needs = `a step needs one of ${listWords(STEP_KINDS)}`;
  const stray = keys.find((key) => kindsTaking(key).length === 0);
  if (stray !== undefined) {
    const range = site.keyRange(stray) ?? site.ownerRange();
    const typo = closest(stray, STEP_KINDS);
    return typo
      ? result(site, 'step-kind', range, `\`${stray}\` is not a kind of step; did you mean \`${typo}\`? ${needs}`, stray, { title: `Change to \`${typo}\``, range, newText: typo })
      : result(site, 'step-kind', range, `\`${stray}\` is not a kind of step: ${needs}`, stray);
  }
  // Every key belongs to some kind, but the kind itself is missing: name the kind they fit.
  const kind = keys.length ? STEP_KINDS.find((k) => keys.every((key) => kindsTaking(key).includes(k))) : undefined;
  if (kind) {
    return result(site, 'step-kind', site.ownerRange(), `this step has ${listWords(keys, 'and')} but no \`${kind}\`: add \`${EXAMPLES[kind] ?? `${kind}: …`}\` (${needs})`);
  }
  return result(site, 'step-kind', site.ownerRange(), `${needs}, e.g. \`- request: GET /path\``);
}

/** A key a step of its kind does not take, when another kind explains it; else undefined. */
export function explainStepKey(site: ErrorSite, extra: string, range: SourceRange): Explained | undefined {
  const ownKind = STEP_KINDS.find((kind) => stepKindSchema(kind) === site.parent);
  if (!ownKind) return undefined;
  if (STEP_KINDS.includes(extra)) {
    return result(site, 'step-kind', range, `a step is exactly one of ${listWords(STEP_KINDS)}; this one has both \`${ownKind}\` and \`${extra}\``, extra);
  }
  const otherKind = kindsTaking(extra).find((kind) => kind !== ownKind);
  return otherKind ? result(site, 'unknown-key', range, `\`${extra}\` belongs to ${kindWord(otherKind)} step, not ${kindWord(ownKind)} step`, extra) : undefined;
}
