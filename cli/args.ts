// Command-line arguments: `stampede COMMAND [FILE…] [--flag value]…`. Bad usage is a UsageError
// (exit code 2, with the usage text).

import { K8S_FLAGS, k8sOption, type K8sOptions } from './k8s/options';
import { UsageError } from './usage-error';

export { UsageError };

export const USAGE = `Usage: stampede <command> [options]

Commands:
  run FILE        run a scenario: live progress, a summary, and report.json, report.html and
                  timeseries.csv in the output folder
  validate FILE…  print each problem as FILE:LINE:COL: error|warning|hint: MESSAGE
  lsp --stdio     run the language server over standard input and output
  new [NAME [FILE]]
                  list the scenario templates (the built-in gallery and .stampede/templates/
                  of this folder), or write template NAME to FILE (default NAME.scenario.yaml)
  compare BASELINE CURRENT
                  compare two runs (report.json files or run folders): p50/p95/p99, rps and
                  error rate per step and overall; a regression is a change worse than the
                  threshold that a Mann-Whitney U test over the runs' intervals also finds
  try FILE        one user runs setup, one iteration of each flow (or --flow NAME) and
                  teardown, printing every exchange: request and response headers, a body
                  preview, captures, and each expect/check with its result (secrets redacted);
                  exit 0 when every step passed, 1 otherwise (--var, --target as for run);
                  --json: each exchange as a JSON line, then the outcome
  merge PART.json…
                  merge the --partial files of a run's segments into one report (checks they
                  are one scenario and every segment once; criteria on the merged data): the
                  usual report files in --out and the usual exit code
  import FILE     a scenario from a HAR file, an OpenAPI 3 document, a Postman collection (v2.1),
                  a .http/.rest file or an Artillery script (detected, or --from): on standard
                  output or into --out; what was not translated, and the environment variables
                  to set for credentials it left out, on standard error
  convert FILE --to json|yaml
                  the same scenario in the other notation, on standard output or into --out;
                  the data is unchanged, but comments are not data and are not carried over
  k8s FILE --parallelism N
                  Kubernetes manifests for a distributed run, on standard output: the scenario
                  and its data files in a ConfigMap, an Indexed Job of N pods each running one
                  segment, a volume for their results and a Job that merges them
                  (docs/DISTRIBUTED.md)

Options of run:
  --out DIR         output folder (default .stampede/runs/<UTC timestamp>-<name>/)
  --var NAME=VALUE  set a variable (repeatable); overrides the scenario's variables
  --target URL      override the scenario's target
  --scale FACTOR    multiply every phase duration (e.g. 0.1 to run ten times shorter)
  --iterations N    every closed phase runs N iterations per user, then ends (N=1: run once)
  --quiet           no live progress
  --json            print the final report as JSON on standard output instead of the summary
  --events FILE     also write every engine message as one JSON line (NDJSON), as it happens
  --max-users N     safety ceiling on users (default 10000, or STAMPEDE_MAX_USERS); also for validate
  --max-rate N      safety ceiling on iterations per second (default 10000, or STAMPEDE_MAX_RATE)
  --baseline PATH   compare with an earlier run (report.json or its folder): \`comparison\` in
                    report.json and the summary
  --fail-on-regression
                    with --baseline: exit 1 when the comparison finds a regression
  --workers N|auto  run the load in N worker threads of the engine (auto: the cores less one),
                    merged exactly into one run
  --segment I/N     run only segment I of N (every N-th user and arrival); N segments, on as many
                    machines, make the whole run (setup and teardown run in each)
  --start-at TIME   hold the load until TIME (ISO time or epoch ms), the same for every segment;
                    a segment that starts late follows the schedule and counts what it missed as
                    dropped
  --partial FILE    also write the segment's mergeable results to FILE (JSON) for \`merge\`
  --junit FILE      also write JUnit XML: a test case per criterion
  --prometheus-rw URL
                    push the run's metrics while it runs by Prometheus remote write
  --otlp URL        send the same metrics while it runs over OTLP/HTTP (e.g. .../v1/metrics)
  (with GITHUB_STEP_SUMMARY set, a markdown summary is appended there, and a failed criterion
   prints a ::error annotation at its line)

Options of compare:
  --format text|markdown|json   (default text)
  --threshold PCT   how much worse a figure must be to count (default 10%)

Options of import:
  --from har|openapi|postman|http|artillery   the input's format (default: detected)
  --out FILE        write here instead of standard output (--force overwrites)

Options of k8s (and --var, --target, passed on to every segment's run):
  --parallelism N   segments, one pod each (required)
  --image IMAGE     the image with the CLI (default stampede:latest, built from the Dockerfile)
  --namespace NS    the namespace of every object (default: kubectl's current one)
  --lead DURATION   how long after the first pod starts the load starts (default 30s), so that
                    every pod is up by then; a pod that starts later counts what it missed as dropped
  --storage-class NAME
                    the storage class of the results volume (ReadWriteMany; default: the cluster's)
  --secret NAME     a Secret whose keys become the pods' environment ({{ env.NAME }})

Options of new and convert:
  --to json|yaml    (convert) the notation to write; default from the --out file's extension
  --out FILE        (convert) write here instead of standard output
  --force           overwrite an existing file

Exit codes: 0 passed, 1 a criterion failed (compare: a regression), 2 invalid scenario or usage,
3 the run could not complete.`;

export interface ParsedArgs {
  command: string;
  files: string[];
  out?: string;
  events?: string;
  vars: Record<string, string>;
  target?: string;
  scale?: number;
  iterations?: number;
  limits: { maxUsers?: number; maxRate?: number };
  quiet: boolean;
  json: boolean;
  stdio: boolean;
  help: boolean;
  version: boolean;
  /** `convert --to`: the notation to write. */
  to?: 'json' | 'yaml';
  /** `new`/`convert`: overwrite an existing file. */
  force: boolean;
  /** `run --baseline`: an earlier run's report.json or folder. */
  baseline?: string;
  failOnRegression: boolean;
  /** `run --junit FILE`. */
  junit?: string;
  /** `run --prometheus-rw URL`. */
  prometheusRw?: string;
  /** `run --otlp URL`. */
  otlp?: string;
  /** `compare --format`. */
  format?: 'text' | 'markdown' | 'json';
  /** `compare --threshold`, as a fraction. */
  threshold?: number;
  /** `run --workers N|auto`. */
  workers?: number | 'auto';
  /** `run --segment I/N`: I is 1-based. */
  segment?: { index: number; count: number };
  /** `run --start-at`: epoch ms. */
  startAt?: number;
  /** `run --partial FILE.json`: the segment's mergeable results. */
  partial?: string;
  /** `try --flow NAME`: only this flow. */
  flow?: string;
  /** `import --from`: the input's format, when not detected (checked by the import command). */
  from?: string;
  /** `k8s`: its own options (cli/k8s/options.ts). */
  k8s?: K8sOptions;
}

const VALUE_FLAGS = new Set(['--workers', '--segment', '--start-at', '--partial', '--flow', '--from', '--out', '--var', '--target', '--scale', '--iterations', '--events', '--to', '--max-users', '--max-rate', '--baseline', '--junit', '--format', '--threshold', '--prometheus-rw', '--otlp']);

export function parseArgs(argv: string[]): ParsedArgs {
  const parsed: ParsedArgs = { command: '', files: [], vars: {}, limits: {}, quiet: false, json: false, stdio: false, help: false, version: false, force: false, failOnRegression: false };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0 && (VALUE_FLAGS.has(arg.slice(0, eq)) || K8S_FLAGS.has(arg.slice(0, eq)))) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--help':
      case '-h':
        parsed.help = true;
        break;
      case '--version':
      case '-v':
        parsed.version = true;
        break;
      case '--quiet':
      case '-q':
        parsed.quiet = true;
        break;
      case '--json':
        parsed.json = true;
        break;
      case '--stdio':
        parsed.stdio = true;
        break;
      case '--force':
        parsed.force = true;
        break;
      case '--fail-on-regression':
        parsed.failOnRegression = true;
        break;
      case '--baseline':
        parsed.baseline = value();
        break;
      case '--junit':
        parsed.junit = value();
        break;
      case '--prometheus-rw':
      case '--otlp': {
        const url = value();
        if (!/^https?:\/\/[^/]/i.test(url)) throw new UsageError(`${arg} takes the receiver's http:// or https:// URL, got "${url}"`);
        if (arg === '--otlp') parsed.otlp = url;
        else parsed.prometheusRw = url;
        break;
      }
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'markdown' && format !== 'json') throw new UsageError(`--format takes text, markdown or json, got "${format}"`);
        parsed.format = format;
        break;
      }
      case '--threshold': {
        const text = value();
        const match = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
        if (!match || Number(match[1]) <= 0) throw new UsageError(`--threshold takes a percentage such as 10%, got "${text}"`);
        parsed.threshold = Number(match[1]) / 100;
        break;
      }
      case '--to': {
        const to = value().toLowerCase();
        if (to !== 'json' && to !== 'yaml') throw new UsageError(`--to takes json or yaml, got "${to}"`);
        parsed.to = to;
        break;
      }
      case '--out':
        parsed.out = value();
        break;
      case '--workers': {
        const text = value().trim();
        const n = Number(text);
        if (text !== 'auto' && !(Number.isInteger(n) && n >= 1)) throw new UsageError(`--workers takes a whole number of threads or auto, got "${text}"`);
        parsed.workers = text === 'auto' ? 'auto' : n;
        break;
      }
      case '--segment': {
        const text = value();
        const match = /^(\d+)\/(\d+)$/.exec(text.trim());
        const index = match ? Number(match[1]) : NaN;
        const count = match ? Number(match[2]) : NaN;
        if (!(index >= 1 && count >= 1 && index <= count)) throw new UsageError(`--segment takes I/N with 1 <= I <= N (e.g. 2/3), got "${text}"`);
        parsed.segment = { index, count };
        break;
      }
      case '--start-at': {
        const text = value().trim();
        const epoch = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
        if (!Number.isFinite(epoch) || (/^\d+$/.test(text) && text.length < 12)) {
          throw new UsageError(`--start-at takes an ISO time (2026-12-04T10:30:00Z) or epoch milliseconds, got "${text}"`);
        }
        parsed.startAt = epoch;
        break;
      }
      case '--partial':
        parsed.partial = value();
        break;
      case '--flow':
        parsed.flow = value();
        break;
      case '--from':
        parsed.from = value().toLowerCase();
        break;
      case '--events':
        parsed.events = value();
        break;
      case '--target': {
        const target = value();
        if (!/^https?:\/\/[^/]/i.test(target)) throw new UsageError(`--target must be an http:// or https:// URL, got "${target}"`);
        parsed.target = target;
        break;
      }
      case '--scale': {
        const text = value();
        const scale = Number(text);
        if (!Number.isFinite(scale) || scale <= 0) throw new UsageError(`--scale must be a positive number, got "${text}"`);
        parsed.scale = scale;
        break;
      }
      case '--iterations': {
        const text = value();
        const iterations = Number(text);
        if (!Number.isInteger(iterations) || iterations <= 0) throw new UsageError(`--iterations must be a positive whole number, got "${text}"`);
        parsed.iterations = iterations;
        break;
      }
      case '--max-users':
      case '--max-rate': {
        const text = value();
        const limit = Number(text);
        if (!Number.isInteger(limit) || limit <= 0) throw new UsageError(`${arg} must be a positive whole number, got "${text}"`);
        if (arg === '--max-users') parsed.limits.maxUsers = limit;
        else parsed.limits.maxRate = limit;
        break;
      }
      case '--var': {
        const pair = value();
        const at = pair.indexOf('=');
        if (at <= 0) throw new UsageError(`--var takes NAME=VALUE, got "${pair}"`);
        parsed.vars[pair.slice(0, at)] = pair.slice(at + 1);
        break;
      }
      default:
        if (K8S_FLAGS.has(arg)) {
          parsed.k8s = k8sOption(parsed.k8s ?? {}, arg, value());
          break;
        }
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        if (!parsed.command) parsed.command = arg;
        else parsed.files.push(arg);
    }
  }
  return parsed;
}
