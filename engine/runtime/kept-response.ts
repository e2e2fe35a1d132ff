// One response as the tests of `expect`/`check` and the captures read it: its status and
// latency, its raw headers and the body chunks kept for them; text and JSON are made once, on
// first use.
import { readRawHeaders } from './capture';
import type { ResponseFacts } from './expectations';
import type { RawHeaders } from '../http1/types';

export class KeptResponse implements ResponseFacts {
  private bodyText: string | undefined;
  private parsed: { value: unknown } | 'invalid' | undefined;

  constructor(
    readonly status: number,
    readonly latencyMs: number,
    private readonly rawHeaders: RawHeaders | undefined,
    private readonly chunks: Buffer[] | undefined,
  ) {}

  header(name: string): string | undefined {
    return this.rawHeaders ? readRawHeaders(this.rawHeaders, name) : undefined;
  }

  text(): string {
    this.bodyText ??= this.chunks ? Buffer.concat(this.chunks).toString('utf8') : '';
    return this.bodyText;
  }

  json(): { value: unknown } | 'invalid' {
    if (this.parsed === undefined) {
      try {
        this.parsed = { value: JSON.parse(this.text()) };
      } catch {
        this.parsed = 'invalid';
      }
    }
    return this.parsed;
  }
}
