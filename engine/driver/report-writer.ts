// The host's side of dist/report-writer.js (report-writer-process.ts): one request per process,
// answered or failed with what the process said on its way out.
import { fork } from 'node:child_process';
import type { ExportReply, ExportRequest, FinishReply, FinishRequest, LineResultsReply, LineResultsRequest, ReportWriterReply, ReportWriterRequest } from '../protocol/report-writer-messages';

export class ReportWriter {
  /** `script`: dist/report-writer.js. */
  constructor(private readonly script: string) {}

  finish(request: FinishRequest): Promise<FinishReply> {
    return this.ask(request) as Promise<FinishReply>;
  }

  export(request: ExportRequest): Promise<ExportReply> {
    return this.ask(request) as Promise<ExportReply>;
  }

  lineResults(request: LineResultsRequest): Promise<LineResultsReply> {
    return this.ask(request) as Promise<LineResultsReply>;
  }

  private ask(request: ReportWriterRequest): Promise<ReportWriterReply> {
    return new Promise((resolve, reject) => {
      // Structured clone: a report with a long time series crosses faster than as JSON text.
      const child = fork(this.script, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced', execArgv: [] });
      let reply: ReportWriterReply | undefined;
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-2000);
      });
      child.on('message', (message) => {
        reply = message as ReportWriterReply;
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        if (reply) resolve(reply);
        else reject(new Error(`the report writer stopped (${signal ?? `exit code ${code}`}) without an answer${stderr ? `: ${stderr.trim()}` : ''}`));
      });
      child.send(request);
    });
  }
}
