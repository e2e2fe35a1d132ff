// The scenarios the benchmark runs, written as a user would write them (SCENARIO-FORMAT.md).
// The target comes from the CLI's --target, so each file names a placeholder.

import { stampedeStep } from './variants.mjs';

const header = (name) => `version: 1
name: ${name}
target: http://127.0.0.1:1
monitor: { interval: 1s, system: false }
`;

/** Closed model, `users` looping over one GET with no think: the CPU-per-request headline. */
export function closedHello({ users, durationS }) {
  return `${header('bench-closed-hello')}phases:
  - name: steady
    duration: ${durationS}s
    users: ${users}
flows:
  - name: hello
    steps:
      - request: GET /hello
`;
}

/** Closed model, `users` looping over one request of bench/lib/variants.mjs, no think. */
export function closedVariant({ users, durationS, variant }) {
  return `${header(`bench-closed-${variant}`)}phases:
  - name: steady
    duration: ${durationS}s
    users: ${users}
flows:
  - name: ${variant}
    steps:
${stampedeStep(variant)}
`;
}

/** Open model: `rate` iterations per second of one GET on the sample server's 20 ms endpoint. */
export function openDelay({ rate, maxUsers, durationS }) {
  return `${header('bench-open-delay')}phases:
  - name: steady
    duration: ${durationS}s
    rate: ${rate}
    maxUsers: ${maxUsers}
flows:
  - name: delay
    steps:
      - request: GET /delay?ms=20
`;
}

/** Many closed-model users thinking between requests: the memory figure. */
export function thinkingUsers({ users, rampS, steadyS }) {
  return `${header('bench-thinking-users')}phases:
  - name: ramp
    duration: ${rampS}s
    users: { from: 0, to: ${users} }
  - name: steady
    duration: ${steadyS}s
    users: ${users}
flows:
  - name: hello-then-think
    steps:
      - request: GET /hello
      - think: 1s
`;
}

// The truth section's scenarios: plain files as a user writes them, with the DEFAULT monitor
// (no `monitor:` key, so system sampling is on at 1 s). `target` names the real URL; the bench
// also passes it as --target.

/** Open model: `rate` iterations per second of one GET /, for `durationS`. */
export function truthOpen({ name, target, rate, durationS }) {
  return `version: 1
name: ${name}
target: ${target}
phases:
  - name: steady
    duration: ${durationS}s
    rate: ${rate}
flows:
  - name: get
    steps:
      - request: GET /
`;
}

/** Closed model: `users` looping over one GET / with no think, for `durationS`. */
export function truthClosed({ name, target, users, durationS }) {
  return `version: 1
name: ${name}
target: ${target}
phases:
  - name: steady
    duration: ${durationS}s
    users: ${users}
flows:
  - name: get
    steps:
      - request: GET /
`;
}

/** One user, one request, then a long think: an engine with nothing to do. */
export function truthIdle({ target, durationS, thinkS }) {
  return `version: 1
name: truth-idle
target: ${target}
phases:
  - name: idle
    duration: ${durationS}s
    users: 1
flows:
  - name: once-then-think
    steps:
      - request: GET /
      - think: ${thinkS}s
`;
}
