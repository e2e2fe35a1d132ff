// The recorded requests as flows: one per page (HAR `pages`), or one per navigation when the HAR
// has no pages. A page that reuses what an earlier page produced (a captured value, a cookie its
// answers set) cannot run alone — a virtual user picks one flow per iteration — so it joins that
// page's flow. A flow with several navigations keeps each as a `group:` named after its
// document's title. Pauses between requests longer than THINK_MIN_MS become `think:` steps.
import type { RecordedRequest } from './recorded';

type Step = Record<string, unknown>;

const THINK_MIN_MS = 500;

export interface FlowInput {
  requests: RecordedRequest[];
  steps: Step[];
  /** The page titles of the HAR's `pages`, by id. */
  pageTitles: Map<string, string>;
}

interface Unit {
  title: string;
  members: number[];
}

export function buildFlows({ requests, steps, pageTitles }: FlowInput): { name: string; steps: Step[] }[] {
  const units = unitsOf(requests, pageTitles);
  const unitOf = new Map<number, number>();
  units.forEach((unit, u) => unit.members.forEach((i) => unitOf.set(i, u)));

  // Union the units a request depends on with its own.
  const parent = units.map((_, u) => u);
  const root = (u: number): number => (parent[u] === u ? u : (parent[u] = root(parent[u])));
  const join = (a: number, b: number): void => {
    const [ra, rb] = [root(a), root(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const capturedAt = new Map<string, number>();
  requests.forEach((request, i) => Object.keys(request.captures).forEach((name) => capturedAt.set(name, i)));
  const cookieSetAt = new Map<string, number>();
  requests.forEach((request, i) => {
    for (const name of JSON.stringify(steps[i]).match(/\{\{ ([A-Za-z_][\w-]*) \}\}/g) ?? []) {
      const producer = capturedAt.get(name.slice(3, -3));
      if (producer !== undefined) join(unitOf.get(producer)!, unitOf.get(i)!);
    }
    for (const [name] of request.cookies) {
      const setter = cookieSetAt.get(name);
      if (setter !== undefined) join(unitOf.get(setter)!, unitOf.get(i)!);
    }
    for (const [name] of request.response.setCookies) cookieSetAt.set(name, i);
  });

  const flows = new Map<number, Unit[]>();
  units.forEach((unit, u) => flows.set(root(u), [...(flows.get(root(u)) ?? []), unit]));
  const taken = new Set<string>();
  return [...flows.values()].map((group) => ({ name: unique(flowName(group), taken), steps: flowSteps(group, requests, steps) }));
}

/** Pages in the order they began, or navigations (a new one at each document request). */
function unitsOf(requests: RecordedRequest[], pageTitles: Map<string, string>): Unit[] {
  const units: Unit[] = [];
  if (requests.some((r) => r.page !== undefined)) {
    const byPage = new Map<string, Unit>();
    requests.forEach((request, i) => {
      const key = request.page ?? '';
      let unit = byPage.get(key);
      if (!unit) {
        unit = { title: pageTitles.get(key) ?? request.title ?? `page ${byPage.size + 1}`, members: [] };
        byPage.set(key, unit);
        units.push(unit);
      }
      unit.members.push(i);
    });
    return units;
  }
  requests.forEach((request, i) => {
    if (units.length === 0 || request.document) units.push({ title: request.title ?? `${request.method} /${request.segments.join('/')}`, members: [] });
    units[units.length - 1].members.push(i);
  });
  return units;
}

function flowName(units: Unit[]): string {
  const titles = [...new Set(units.map((u) => u.title))];
  return titles.length <= 3 ? titles.join(' → ') : `${titles[0]} → … → ${titles[titles.length - 1]}`;
}

/** A flow's steps: per navigation a group (when there are several), with thinks between requests. */
function flowSteps(units: Unit[], requests: RecordedRequest[], steps: Step[]): Step[] {
  const members = units.flatMap((u) => u.members).sort((a, b) => a - b);
  const sections: number[][] = [];
  for (const i of members) {
    if (sections.length === 0 || requests[i].document) sections.push([]);
    sections[sections.length - 1].push(i);
  }
  const out: Step[] = [];
  let busyUntil: number | undefined;
  const names = new Set<string>();
  for (const section of sections) {
    const target = sections.length > 1 ? [] : out;
    for (const i of section) {
      const pause = busyUntil === undefined ? 0 : requests[i].started - busyUntil;
      if (pause >= THINK_MIN_MS) (target === out || target.length === 0 ? out : target).push({ think: formatPause(pause) });
      target.push(steps[i]);
      busyUntil = Math.max(busyUntil ?? 0, requests[i].ended);
    }
    if (sections.length > 1) {
      const first = requests[section[0]];
      out.push({ group: unique(first.title ?? `${first.method} /${first.segments.join('/')}`, names), steps: target });
    }
  }
  return out;
}

/** A pause as a duration: to the 100 ms below ten seconds, to the second above. */
export function formatPause(ms: number): string {
  if (ms < 10_000) {
    const rounded = Math.round(ms / 100) * 100;
    return rounded % 1000 === 0 ? `${rounded / 1000}s` : `${rounded}ms`;
  }
  return `${Math.round(ms / 1000)}s`;
}

function unique(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name} (${n})`;
  taken.add(candidate);
  return candidate;
}
