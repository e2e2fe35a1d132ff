// Compiles the schema validator and runs every check once on a small scenario right after the
// client connects, so that the first document the user opens is not the one that pays for it.
import { analyzeScenarioText } from '../scenario/load';

const SMALL = `version: 1
name: warm-up
target: http://127.0.0.1:1
phases:
  - duration: 1s
    users: 1
flows:
  - name: main
    steps:
      - request: GET /{{ vu.id }}
criteria:
  - p95(latency) < 1s
`;

export function warmUp(): void {
  setImmediate(() => {
    try {
      analyzeScenarioText(SMALL, { hints: true });
    } catch {
      // A failed warm-up only means the first real analysis pays the start-up cost.
    }
  });
}
