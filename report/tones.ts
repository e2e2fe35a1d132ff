// The colour words and labels the HTML report and the panel share, so that both show a 404 in
// the same tone and an expectation error under the same name.
import type { ErrorCounts } from './types';

export type Tone = 'ok' | 'bad' | 'warn' | 'info' | 'neutral';

/** 2xx ok, 3xx info, 4xx warn, 5xx bad. */
export function statusTone(code: string): Tone {
  return code.startsWith('2') ? 'ok' : code.startsWith('3') ? 'info' : code.startsWith('4') ? 'warn' : code.startsWith('5') ? 'bad' : 'neutral';
}

export const ERROR_KIND_LABELS: Record<keyof ErrorCounts, string> = {
  connect: 'connect',
  timeout: 'timeout',
  status: 'status',
  expectation: 'expect',
  capture: 'capture',
  template: 'template',
  other: 'other',
};
