// dist/report-writer.js: the extension host's report writer. Forked at the end of a run (and for
// "Export Report", of a zoomed time range too, and for the results on a scenario's lines), it
// answers one request and exits: it builds the partial report of an engine that died (which
// decodes histograms), renders and writes the report files, and compares a run with its
// baseline, so the host's bundle carries none of that code. The CLI does the same work in its
// own process.
import type { ReportWriterReply, ReportWriterRequest } from '../protocol/report-writer-messages';
import { renderReportFile, writeAtomic, writeReportFiles } from '../../report/files/write';
import { renderRangeFile } from '../../report/range-export';
import { newestLineResults } from '../../report/line-results';
import { runEnd } from './run-end';

function answer(request: ReportWriterRequest): ReportWriterReply {
  if (request.type === 'lineResults') return { type: 'lineResults', results: newestLineResults(request.runsFolder, request.root, request.file) };
  if (request.type === 'export') {
    try {
      const { report, format, range } = request;
      writeAtomic(request.target, range && format !== 'html' ? renderRangeFile(report, range, format) : renderReportFile(report, format));
      return { type: 'exported' };
    } catch (err) {
      return { type: 'exported', error: (err as Error).message };
    }
  }
  const end = runEnd(request.run, request.exit, request.file, request.fatal);
  if (!end.report) return { type: 'finished', report: undefined, files: undefined, failure: end.failure };
  try {
    return { type: 'finished', report: end.report, files: writeReportFiles(end.report, request.outDir), failure: end.failure };
  } catch (err) {
    // The report still reaches the panel; only its files are missing.
    const failure = `the report could not be written to ${request.outDir}: ${(err as Error).message}`;
    return { type: 'finished', report: end.report, files: undefined, failure };
  }
}

process.once('message', (request: ReportWriterRequest) => {
  process.send?.(answer(request), () => process.disconnect());
});
