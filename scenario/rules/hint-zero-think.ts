// Closed-model users that never pause are connections in a tight loop, not users.
import { diagnostic } from '../diagnostic';
import { nodeRange } from '../yaml-nav';
import type { HintRule } from './hint-rule';
import { estimateIteration } from './iteration-estimate';
import { readLoadProfile } from './load-profile';

export const zeroThinkHint: HintRule = {
  name: 'hint-zero-think',
  code: 'hint-zero-think',
  explanation:
    'In the closed model each virtual user starts its next request as soon as the previous one returns. Without think time ' +
    'N users behave like N connections in a tight loop: the run measures the server\'s throughput at that concurrency, ' +
    'not how it serves N people, and a faster server simply receives more requests. Add `think` steps or `defaults.think` ' +
    '(e.g. `1s..3s`) to model people, or use `rate` (the open model) to model arrivals.',
  check({ doc, outline, report }) {
    const profile = readLoadProfile(doc);
    if (profile.peakUsers <= 0) return;
    for (const estimate of estimateIteration(doc, outline).flows) {
      if (estimate.requests === 0 || estimate.thinkMs > 0) continue;
      const anchor = estimate.flow.nameNode ?? estimate.flow.node;
      report(diagnostic(nodeRange(doc, anchor), this.code,
        `flow \`${estimate.flow.name ?? '?'}\` has no think time: with up to ${profile.peakUsers} closed-model users this measures throughput at that concurrency, not ${profile.peakUsers} users; add \`think\` steps or \`defaults.think\` (e.g. \`1s..3s\`)`,
        'information'));
    }
  },
};
