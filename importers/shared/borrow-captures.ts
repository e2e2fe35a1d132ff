// Flows that read a value another flow captures. Postman's runner goes through every folder in
// order, so a folder may use the token that the folder before it kept; a scenario's flows run
// apart (each user iteration picks one), so such a flow starts with a copy of the request that
// captures the value (and of what that request needs in turn), taken from the nearest flow before
// it, else the first after it.
import { resolveNames } from './resolve-names';

type Step = Record<string, unknown>;

export interface FlowSteps {
  name: string;
  steps: Step[];
}

/** Prepends the borrowed steps in place; returns one line per flow that borrowed, for the notes. */
export function borrowCaptures(flows: FlowSteps[], variables: Record<string, unknown>): string[] {
  const notes: string[] = [];
  flows.forEach((flow, index) => {
    const borrowed: { from: number; at: number }[] = [];
    for (let round = 0; round < 10; round++) {
      const missing = missingNames(flow.steps, variables);
      const found = [...missing].map((name) => producer(flows, index, name)).filter((place): place is { from: number; at: number } => place !== undefined);
      const fresh = found.filter((place) => !borrowed.some((b) => b.from === place.from && b.at === place.at));
      if (fresh.length === 0) break;
      borrowed.push(...fresh);
      borrowed.sort((a, b) => a.from - b.from || a.at - b.at);
      const own = flow.steps.slice(borrowed.length - fresh.length);
      flow.steps = [...borrowed.map((place) => structuredClone(flows[place.from].steps[place.at])), ...own];
    }
    if (borrowed.length > 0) {
      const names = borrowed.map((place) => `"${String(flows[place.from].steps[place.at].name)}" (from ${flows[place.from].name})`);
      notes.push(`flow ${flow.name} starts with ${names.join(', ')}: its requests use what ${borrowed.length === 1 ? 'that request captures' : 'those requests capture'}`);
    }
  });
  return notes;
}

function missingNames(steps: Step[], variables: Record<string, unknown>): Set<string> {
  const missing = new Set<string>();
  resolveNames({ variables, flows: [{ steps: structuredClone(steps) }] }, (name) => {
    missing.add(name);
    return name;
  });
  return missing;
}

/** Where `name` is captured: the last such step of the nearest flow before `index`, else of the first after. */
function producer(flows: FlowSteps[], index: number, name: string): { from: number; at: number } | undefined {
  const order = [...flows.keys()].filter((i) => i < index).reverse().concat([...flows.keys()].filter((i) => i > index));
  for (const from of order) {
    const steps = flows[from].steps;
    for (let at = steps.length - 1; at >= 0; at--) {
      if (name in ((steps[at].capture as Record<string, unknown> | undefined) ?? {})) return { from, at };
    }
  }
  return undefined;
}
