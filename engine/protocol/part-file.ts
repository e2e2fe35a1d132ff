// A segment's results as `stampede run --segment I/N --partial FILE.json` writes them and
// `stampede merge` reads them: the segment's own report, its measurements in mergeable form
// (histograms encoded), and the scenario it ran, so that the merge evaluates the criteria on the
// whole run and can tell parts of different scenarios apart.
import type { PartialResult } from '../metrics/partial';
import type { Report } from '../../report/types';

export const PART_FORMAT = 'stampede-part';

export interface RunPart {
  format: typeof PART_FORMAT;
  version: 1;
  scenario: string;
  /** SHA-256 of the scenario file's text: parts of one run share it. */
  digest: string;
  /** The scenario file's text (templates, never the environment's values). */
  scenarioText: string;
  /** Segment I of N, I 1-based as written on the command line. */
  segment: { index: number; count: number };
  /** `--start-at`, epoch ms. */
  startAt: number | null;
  /** The machine that ran it. */
  host: string;
  report: Report;
  measured: PartialResult;
}
