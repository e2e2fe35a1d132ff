// The text of a scenario with one phase and one flow, for tests whose point is in its steps and
// criteria: what they write is what matters, and the rest of the file is the same every time.

export interface OneFlowScenario {
  name: string;
  /** Default: a loopback port nothing listens on, for runs given `--target`. */
  target?: string;
  duration?: string;
  users?: number;
  /** The flow's steps as YAML lines, indented under `steps:` (six spaces before each `-`). */
  steps: string;
  /** Top-level YAML after the flows: `criteria:`, `monitor:`, … */
  after?: string;
}

export function oneFlowScenario(s: OneFlowScenario): string {
  return `version: 1
name: ${s.name}
target: ${s.target ?? 'http://127.0.0.1:1'}
phases:
  - duration: ${s.duration ?? '1s'}
    users: ${s.users ?? 1}
flows:
  - name: f
    steps:
${s.steps.replace(/\n*$/, '\n')}${s.after ?? ''}`;
}
