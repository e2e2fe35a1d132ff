// A document just big enough for ./dom.ts, with no browser: elements with attributes, text and
// children, serialised as HTML with every text and attribute value escaped. report.html is
// written with it, so the file shows every number even where scripts do not run, and that
// markup comes from the same renderer the panel and the page's own script use.
import { escapeHtml } from '../html-escape';
import { withDocument, type DocumentLike } from './dom';

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'wbr', 'col']);

class StaticText {
  parentNode: StaticElement | null = null;
  constructor(public data: string) {}
  get textContent(): string {
    return this.data;
  }
  toHtml(): string {
    return escapeHtml(this.data);
  }
}

type StaticNode = StaticElement | StaticText;

class StaticElement {
  parentNode: StaticElement | null = null;
  readonly childNodes: StaticNode[] = [];
  private readonly attributes = new Map<string, string>();
  constructor(readonly tagName: string) {}

  set className(value: string) {
    this.attributes.set('class', value);
  }
  get className(): string {
    return this.attributes.get('class') ?? '';
  }
  setAttribute(name: string, value: string): void {
    if (!/^[a-z][a-z0-9-]*$/i.test(name)) throw new Error(`static DOM: bad attribute name ${name}`);
    this.attributes.set(name, value);
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  get firstChild(): StaticNode | null {
    return this.childNodes[0] ?? null;
  }
  appendChild<T extends StaticNode>(child: T): T {
    child.parentNode?.removeChild(child);
    child.parentNode = this;
    this.childNodes.push(child);
    return child;
  }
  removeChild<T extends StaticNode>(child: T): T {
    const i = this.childNodes.indexOf(child);
    if (i >= 0) this.childNodes.splice(i, 1);
    child.parentNode = null;
    return child;
  }
  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }
  set textContent(text: string) {
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes.length = 0;
    if (text !== '') this.appendChild(new StaticText(text));
  }
  toHtml(): string {
    const attrs = [...this.attributes].map(([k, v]) => (v === '' ? ` ${k}` : ` ${k}="${escapeHtml(v)}"`)).join('');
    if (VOID.has(this.tagName)) return `<${this.tagName}${attrs}>`;
    return `<${this.tagName}${attrs}>${this.childNodes.map((c) => c.toHtml()).join('')}</${this.tagName}>`;
  }
}

const staticDocument = {
  createElement: (tag: string) => new StaticElement(tag.toLowerCase()),
  createTextNode: (text: string) => new StaticText(text),
} as unknown as DocumentLike;

/** Builds nodes with `build` in the static document and returns their HTML. */
export function renderStatic(build: () => Node | Node[]): string {
  return withDocument(staticDocument, () => {
    const built = build();
    return (Array.isArray(built) ? built : [built]).map((n) => (n as unknown as StaticNode).toHtml()).join('\n');
  });
}
