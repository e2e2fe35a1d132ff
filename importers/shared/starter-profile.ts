// The load profile of an import from a format that has none (a Postman collection, a .http file):
// a modest closed load to edit, with the criteria every load test starts from. Run it once with
// `stampede run FILE --iterations 1` to try the flows before loading anything.
import type { ScenarioData } from '../types';

export function starterProfile(): Pick<ScenarioData, 'phases' | 'criteria'> {
  return {
    phases: [{ name: 'steady', duration: '1m', users: 10 }],
    criteria: ['errorRate < 1%', 'p95(latency) < 500ms'],
  };
}
