// The load profile as the syntax tree holds it, read tolerantly (the document may be half typed):
// each phase's start and end time, model and level at both ends, with the nodes to point at.
// The optimization hints, the hover and the CodeLens all read this one view.
import { isScalar } from 'yaml';
import type { ParsedDocument } from '../parse';
import { parseDuration } from '../units';
import { findPair, mapValue, scalarValue, seqItems, stringValue, type YamlNode, type YamlPair } from '../yaml-nav';

export type LoadModel = 'closed' | 'open';

export interface PhaseFacts {
  index: number;
  node: YamlNode;
  /** As written, else `phase N` (the engine's default). */
  name: string;
  /** Undefined while the duration is missing or not valid yet; counts as 0 in the timeline. */
  durationMs: number | undefined;
  durationNode: YamlNode | undefined;
  model: LoadModel | undefined;
  /** The `users` or `rate` pair. */
  levelPair: YamlPair | undefined;
  /** Users (closed) or iterations per second (open) at the start and the end of the phase. */
  from: number | undefined;
  to: number | undefined;
  maxUsers: number | undefined;
  maxUsersPair: YamlPair | undefined;
  startMs: number;
  endMs: number;
}

export interface LoadProfile {
  phasesPair: YamlPair | undefined;
  phases: PhaseFacts[];
  totalMs: number;
  /** Peak level per model, 0 when the model is not used. */
  peakUsers: number;
  peakRate: number;
}

const cache = new WeakMap<ParsedDocument, LoadProfile>();

export function readLoadProfile(doc: ParsedDocument): LoadProfile {
  const cached = cache.get(doc);
  if (cached) return cached;
  const d = doc.document;
  const value = sizedValue(doc);
  const phasesPair = findPair(doc.root, 'phases');
  const phases: PhaseFacts[] = [];
  let clock = 0;
  let peakUsers = 0;
  let peakRate = 0;
  seqItems(mapValue(doc.root, 'phases', d)).forEach((node, index) => {
    const durationNode = mapValue(node, 'duration', d);
    const rawDuration = value(durationNode);
    const durationMs = typeof rawDuration === 'string' || typeof rawDuration === 'number' ? parseDuration(rawDuration) : undefined;
    const usersPair = findPair(node, 'users');
    const ratePair = findPair(node, 'rate');
    const model: LoadModel | undefined = usersPair ? 'closed' : ratePair ? 'open' : undefined;
    const levelPair = usersPair ?? ratePair;
    const previous = phases[index - 1];
    // As the engine chains ramps: `from` defaults to where the previous phase of the same model ended.
    const carried = previous && previous.model === model ? previous.to ?? 0 : 0;
    const [from, to] = level(levelPair?.value ?? undefined, carried, doc, value);
    const maxUsersPair = findPair(node, 'maxUsers');
    const maxUsers = count(value(maxUsersPair?.value ?? undefined));
    const startMs = clock;
    clock += durationMs ?? 0;
    const top = Math.max(from ?? 0, to ?? 0);
    if (model === 'closed') peakUsers = Math.max(peakUsers, top);
    if (model === 'open') peakRate = Math.max(peakRate, top);
    phases.push({
      index,
      node,
      name: stringValue(mapValue(node, 'name', d)) ?? `phase ${index + 1}`,
      durationMs,
      durationNode,
      model,
      levelPair,
      from,
      to,
      maxUsers,
      maxUsersPair,
      startMs,
      endMs: clock,
    });
  });
  const profile: LoadProfile = { phasesPair, phases, totalMs: clock, peakUsers, peakRate };
  cache.set(doc, profile);
  return profile;
}

/** The level at `ms` into the run (linear within a phase), for sparklines. */
export function levelAt(profile: LoadProfile, ms: number): { model: LoadModel | undefined; level: number } {
  for (const phase of profile.phases) {
    if (ms < phase.endMs || phase === profile.phases[profile.phases.length - 1]) {
      const from = phase.from ?? 0;
      const to = phase.to ?? from;
      const span = phase.endMs - phase.startMs;
      const t = span > 0 ? Math.min(1, Math.max(0, (ms - phase.startMs) / span)) : 1;
      return { model: phase.model, level: from + (to - from) * t };
    }
  }
  return { model: undefined, level: 0 };
}

type ValueOf = (node: YamlNode | undefined) => unknown;

function level(node: YamlNode | undefined, carried: number, doc: ParsedDocument, value: ValueOf): [number | undefined, number | undefined] {
  if (!node) return [undefined, undefined];
  if (isScalar(node)) {
    const level = count(value(node));
    return [level, level];
  }
  const to = count(value(mapValue(node, 'to', doc.document)));
  const fromNode = mapValue(node, 'from', doc.document);
  const from = fromNode ? count(value(fromNode)) : carried;
  return [from, to];
}

function count(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined;
}

const WHOLE_TEMPLATE = /^\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}$/;

/**
 * A scalar's value, with sizing through variables as the engine applies it (sizing.ts): a value
 * written exactly as `"{{ name }}"` takes the variable's value from `variables`.
 */
function sizedValue(doc: ParsedDocument): ValueOf {
  const variables = mapValue(doc.root, 'variables', doc.document);
  return (node) => {
    const value = scalarValue(node);
    const name = typeof value === 'string' ? WHOLE_TEMPLATE.exec(value.trim())?.[1] : undefined;
    return name === undefined ? value : scalarValue(mapValue(variables, name, doc.document));
  };
}
