// A `.http`/`.rest` file (REST Client, httpyac) as its parts: file variables (`@name = value`)
// and requests, each with its metadata comments (`# @name login`, `# @prompt otp`), request line,
// headers and body. Requests are separated by `###`; httpyac also starts a new request at a
// request line after a blank line, and keeps a stored response (`HTTP/1.1 200 OK …`),
// assertions (`?? status == 200`) and scripts (`{{ … }}`, `> {% … %}`) around the body.

export interface HttpRequest {
  /** 1-based line of the request line, for messages. */
  line: number;
  method: string;
  url: string;
  headers: [string, string][];
  body: string;
  /** `@key value` comments before the request line. */
  meta: [string, string][];
  /** httpyac `?? …` assertions. */
  asserts: string[];
}

export interface HttpFile {
  variables: [string, string][];
  requests: HttpRequest[];
  /** Script blocks (`{{ … }}` over lines, `> {% … %}`) with their first line: JavaScript, never run. */
  scripts: { line: number; text: string }[];
  /** Lines outside a request that are no request line, variable, metadata or comment (a JSON or YAML document's, when one is read as a .http file). */
  strays: { line: number; text: string }[];
}

const METHOD_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT)\s+(\S.*)$/i;
/** A request line with no method is an absolute URL or starts with a variable (REST Client); a path needs its method. */
const URL_LINE = /^(https?:\/\/|\{\{)/i;
const VARIABLE = /^@([A-Za-z_$][\w$.-]*)\s*=\s*(.*)$/;
const META = /^(?:#|\/\/)\s*@([\w-]+)\s*(.*)$/;

type Section = 'before' | 'headers' | 'body' | 'after';

class Scanner {
  readonly file: HttpFile = { variables: [], requests: [], scripts: [], strays: [] };
  private section: Section = 'before';
  private meta: [string, string][] = [];
  private request: HttpRequest | undefined;
  private body: string[] = [];
  private script: string[] | undefined;
  private scriptStart = 0;
  private comment = false;

  line(raw: string, number: number): void {
    const line = raw.trimEnd();
    const text = line.trim();
    if (this.script) return this.scriptLine(line, text);
    if (this.comment || (this.section !== 'body' && text.startsWith('/*'))) {
      this.comment = !text.endsWith('*/');
      return;
    }
    if (/^#{3,}/.test(text)) return this.end();
    // A script opens with `> {%`, or `{{` not closed on its line (`{{ name }}` alone is a body).
    if (/^>\s*\{%/.test(text) || (text.startsWith('{{') && !text.includes('}}'))) return this.scriptLine(line, text, number);
    if (this.section !== 'before' && text.startsWith('??')) {
      this.request?.asserts.push(text.slice(2).trim());
      return;
    }
    if (this.section === 'before') this.beforeLine(text, number);
    else if (this.section === 'headers') this.headerLine(line, text);
    else if (this.section === 'body') this.bodyLine(line, text, number);
  }

  end(): void {
    if (this.request) this.request.body = this.body.join('\n').replace(/^\n+|\n+$/g, '');
    this.request = undefined;
    this.body = [];
    this.meta = [];
    this.section = 'before';
  }

  private beforeLine(text: string, number: number): void {
    const meta = META.exec(text);
    const variable = VARIABLE.exec(text);
    if (meta) this.meta.push([meta[1], meta[2].trim()]);
    else if (variable) this.file.variables.push([variable[1], variable[2].trim()]);
    else if (text === '' || /^(#|\/\/)/.test(text)) return;
    else if (METHOD_LINE.test(text) || URL_LINE.test(text)) this.start(text, number);
    else this.file.strays.push({ line: number, text });
  }

  private start(text: string, number: number): void {
    const withMethod = METHOD_LINE.exec(text);
    const target = withMethod ? withMethod[2] : text;
    this.request = {
      line: number,
      method: withMethod ? withMethod[1].toUpperCase() : 'GET',
      url: target.replace(/\s+HTTP\/[\d.]+$/i, '').trim(),
      headers: [],
      body: '',
      meta: this.meta,
      asserts: [],
    };
    this.file.requests.push(this.request);
    this.section = 'headers';
  }

  private headerLine(line: string, text: string): void {
    const request = this.request!;
    if (text === '') {
      this.section = 'body';
      return;
    }
    if (/^[?&]/.test(text) && request.headers.length === 0) request.url += text;
    else if (/^(#|\/\/)/.test(text)) return;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) request.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
  }

  private bodyLine(line: string, text: string, number: number): void {
    if (/^HTTP\/[\d.]+\s+\d{3}/.test(text)) {
      this.section = 'after';
      return;
    }
    // httpyac: a request line after a blank line starts the next request.
    if (METHOD_LINE.test(text) && this.lastBlank()) {
      const meta = this.meta;
      this.end();
      this.meta = meta.filter(([key]) => key !== 'name');
      this.start(text, number);
      return;
    }
    this.body.push(line);
  }

  private scriptLine(line: string, text: string, number?: number): void {
    if (!this.script) this.scriptStart = number ?? 0;
    this.script = [...(this.script ?? []), line];
    const rest = this.script.length === 1 ? text.replace(/^>\s*\{%|^\{\{/, '') : text;
    if (!/(\}\}|%\})\s*$/.test(rest)) return;
    this.file.scripts.push({ line: this.scriptStart, text: this.script.join('\n') });
    this.script = undefined;
  }

  private lastBlank(): boolean {
    return this.body.length === 0 || this.body[this.body.length - 1].trim() === '';
  }
}

export function parseHttpFile(text: string): HttpFile {
  const scanner = new Scanner();
  text.replace(/\r\n?/g, '\n').split('\n').forEach((line, index) => scanner.line(line, index + 1));
  scanner.end();
  return scanner.file;
}
