// A real CLI run with secrets planted through env: a token in Authorization and Cookie, a
// password in the body and in an expectation that fails (so it reaches an error message), and
// the target itself. Used to prove that no output (files, event stream, console, panel) holds them.
import { join } from 'node:path';
import { runCli, writeScenario, type CliResult } from './cli';
import type { EchoServer } from './echo-server';

export const TOKEN = 'tok-9f8e7d6c5b4a';
export const PASSWORD = 'hunter2-correct-horse';

export interface PlantedRun {
  out: string;
  events: string;
  result: CliResult;
}

export async function runWithPlantedSecrets(echo: EchoServer): Promise<PlantedRun> {
  const { dir, file } = writeScenario(
    'secret.scenario.yaml',
    `version: 1
name: secrets
target: "{{ env.STAMPEDE_SECRET_TARGET }}"
phases:
  - duration: 1s
    rate: 5
flows:
  - name: f
    steps:
      - request: POST /login
        headers: { authorization: "Bearer {{ env.STAMPEDE_SECRET_TOKEN }}", cookie: "session={{ env.STAMPEDE_SECRET_TOKEN }}" }
        json: { password: "{{ env.STAMPEDE_SECRET_PASSWORD }}" }
        expect:
          contains: "welcome {{ env.STAMPEDE_SECRET_PASSWORD }}"
criteria:
  - errorRate < 1%
`,
  );
  const out = join(dir, 'out');
  const events = join(dir, 'events.ndjson');
  const result = await runCli(['run', file, '--out', out, '--events', events], {
    env: { STAMPEDE_SECRET_TOKEN: TOKEN, STAMPEDE_SECRET_PASSWORD: PASSWORD, STAMPEDE_SECRET_TARGET: echo.url },
  });
  return { out, events, result };
}
