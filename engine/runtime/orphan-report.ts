// A run whose client went away before it ended (a test process that crashed, a killed CLI or
// extension host) must not take its measurements with it: the engine, having stopped and run
// teardown, writes the report files where the client would have, as the client would have.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeReportFiles } from '../../report/files/write';
import { defaultOutDir } from '../../report/out-dir';
import type { Report } from '../../report/types';
import type { RunOptions } from '../protocol/messages';

/** Writes `report` for a client that is gone; returns the folder, or why it could not. */
export function writeOrphanReport(report: Report, orphaned: RunOptions['orphaned']): { dir: string } | { error: string } {
  const dir = resolve(orphaned?.reportDir ?? defaultOutDir(report.scenario));
  try {
    writeReportFiles(report, dir);
    return { dir };
  } catch (err) {
    return { error: `the report could not be written to ${dir}: ${(err as Error).message}` };
  } finally {
    if (orphaned?.scratchDir) rmSync(orphaned.scratchDir, { recursive: true, force: true });
  }
}
