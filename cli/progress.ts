// Live progress of a run: one rewritten line on a terminal, a plain line every few seconds
// otherwise (CI logs), nothing with --quiet. It only listens to engine messages.
import type { EngineToClient } from '../engine/protocol/messages';
import { formatElapsed, formatMs, formatPercent, formatRate } from '../report/format';

/** Plain (non-TTY) lines are printed at most this often. */
const PLAIN_EVERY_MS = 5_000;

export class Progress {
  private stage = '';
  private phase = '';
  private lastPlainAt = 0;
  private lineShown = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly mode: 'tty' | 'plain' | 'quiet',
  ) {}

  static for(stream: NodeJS.WriteStream, quiet: boolean): Progress {
    return new Progress(stream, quiet ? 'quiet' : stream.isTTY ? 'tty' : 'plain');
  }

  /** The plan has a phase with no length of its own: no total to show. */
  private openEnded = false;

  onMessage(message: EngineToClient): void {
    if (this.mode === 'quiet') return;
    switch (message.type) {
      case 'plan':
        // A phase of `iterations` without a duration lasts as long as its users take.
        this.openEnded = message.phases.some((phase) => phase.durationMs === 0 && phase.iterations !== undefined);
        this.print(`Running "${message.scenario}": ${message.phases.length} phase(s), ${this.openEnded ? 'until every user has run its iterations' : `${formatElapsed(message.totalMs / 1000)} of load`}`);
        break;
      case 'stage':
        this.stage = message.stage;
        if (message.stage === 'setup' || message.stage === 'teardown') this.status(`${message.stage}…`);
        break;
      case 'phase':
        this.phase = message.name;
        if (this.mode === 'plain') this.print(`phase ${message.index + 1}: ${message.name}`);
        break;
      case 'snapshot': {
        const { row, totals } = message;
        const errorRate = totals.requests > 0 ? totals.errors / totals.requests : 0;
        const line =
          `[${this.phase || this.stage}] ${formatElapsed(message.elapsedMs / 1000)}${this.openEnded ? '' : `/${formatElapsed(message.totalMs / 1000)}`}` +
          `  users ${row.users}  rps ${formatRate(row.rps)}  p95 ${formatMs(row.p95)}` +
          `  errors ${formatPercent(errorRate)}  requests ${totals.requests}` +
          (totals.dropped > 0 ? `  dropped ${totals.dropped}` : '');
        if (this.mode === 'tty') this.status(line);
        else if (Date.now() - this.lastPlainAt >= PLAIN_EVERY_MS) {
          this.lastPlainAt = Date.now();
          this.print(line);
        }
        break;
      }
      case 'alert':
        this.print(`${message.state === 'fired' ? 'ALERT' : 'resolved'} [${message.alert.severity}] ${message.alert.when}`);
        break;
      case 'log':
        if (message.level !== 'info') this.print(`${message.level}: ${message.message}`);
        break;
      default:
        break;
    }
  }

  /** Clears the live line before other output. */
  finish(): void {
    if (this.mode === 'tty' && this.lineShown) {
      this.out.write('\r\x1b[2K');
      this.lineShown = false;
    }
  }

  private status(line: string): void {
    if (this.mode === 'tty') {
      const width = this.out.columns || 120;
      this.out.write(`\r\x1b[2K${line.slice(0, width - 1)}`);
      this.lineShown = true;
    } else this.print(line);
  }

  private print(line: string): void {
    this.finish();
    this.out.write(`${line}\n`);
  }
}
