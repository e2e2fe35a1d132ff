// A run's intervals as they arrive (one timeseries row per monitor interval, as report.json
// holds them), kept up to a bound, filtered by time range and exported as JSON or CSV. A range's
// percentiles come from its intervals' histograms added together (report/range.ts), so they are
// exact, not averages of the intervals' percentiles.
import { renderTimeseriesCsv } from '../report/csv';
import { rangeFigures, type RangeFigures, type TimeRange } from '../report/range';
import type { TimeseriesRow } from './model';

export interface MetricsCollectorOptions {
  /** The most intervals kept; older ones are dropped first. Default 3600 (an hour at 1 s). */
  retention?: number;
}

/** Rows' `elapsed` is rounded to the millisecond: bounds match within half of one. */
const SLACK = 0.0005;

export class MetricsCollector {
  readonly retention: number;
  private rows: TimeseriesRow[] = [];
  /** Where the first kept interval begins: the end of the last one dropped (0 when none was). */
  private floor = 0;
  private droppedRows = 0;

  constructor(options: MetricsCollectorOptions = {}) {
    const retention = options.retention ?? 3600;
    if (!Number.isInteger(retention) || retention < 1) throw new RangeError(`retention must be a whole number of intervals, at least 1 (got ${retention})`);
    this.retention = retention;
  }

  add(row: TimeseriesRow): void {
    this.rows.push(row);
    if (this.rows.length > this.retention) {
      const gone = this.rows.splice(0, this.rows.length - this.retention);
      this.floor = gone[gone.length - 1].elapsed;
      this.droppedRows += gone.length;
    }
  }

  /** Every interval kept, oldest first. */
  get intervals(): readonly TimeseriesRow[] {
    return this.rows;
  }

  /** How many intervals retention has dropped. */
  get dropped(): number {
    return this.droppedRows;
  }

  /** The latest interval, if any arrived. */
  get latest(): TimeseriesRow | undefined {
    return this.rows[this.rows.length - 1];
  }

  /**
   * The intervals lying wholly within `range` (seconds since the first phase began, the rows'
   * `elapsed`); without one, every interval kept.
   */
  range(range?: TimeRange): TimeseriesRow[] {
    if (!range) return [...this.rows];
    return this.rows.filter((row, i) => this.startOf(i) >= range.from - SLACK && row.elapsed <= range.to + SLACK);
  }

  /** Totals, rps, error rate, exact percentiles and per-step figures of the intervals in `range`. */
  figures(range?: TimeRange): RangeFigures {
    const rows = this.range(range);
    if (rows.length === 0) return rangeFigures([], range ?? { from: this.floor, to: this.floor });
    // report/range.ts counts the first row's interval from 0: hand it rows counted from the
    // range's own start, then give the figures their real bounds back.
    const start = this.startOf(this.rows.indexOf(rows[0]));
    const rebased = rows.map((row) => ({ ...row, elapsed: row.elapsed - start }));
    const figures = rangeFigures(rebased, { from: 0, to: rebased[rebased.length - 1].elapsed });
    return { ...figures, range: { from: start, to: rows[rows.length - 1].elapsed }, rows };
  }

  toJson(range?: TimeRange): string {
    return `${JSON.stringify(this.range(range), null, 2)}\n`;
  }

  /** timeseries.csv's columns (report/csv.ts), one line per interval. */
  toCsv(range?: TimeRange): string {
    return renderTimeseriesCsv(this.range(range));
  }

  private startOf(index: number): number {
    return index === 0 ? this.floor : this.rows[index - 1].elapsed;
  }
}
