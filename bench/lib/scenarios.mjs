// The scenarios the benchmark runs, written as a user would write them (SCENARIO-FORMAT.md).
// The target comes from the CLI's --target, so each file names a placeholder.

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
