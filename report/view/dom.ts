// Building elements without markup: text always goes in as text nodes, so a step called
// `<img src=x onerror=…>` is shown, never parsed. Nothing here uses innerHTML.
//
// The report's renderer (./sections.ts) builds through these helpers. In a browser (the panel,
// report.html) they use the page's `document`; when report.html is written, ./static-dom.ts
// swaps in a small document that serialises to escaped HTML, so the same code produces the
// markup a reader without scripts sees.
import type { Tone } from '../tones';

export type { Tone };

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Fixed attribute names only (aria-*, role, scope, id…); values are set as plain strings. */
  attrs?: Record<string, string | number | boolean | undefined>;
  text?: string;
}

/** The part of `Document` the helpers use. */
export interface DocumentLike {
  createElement(tag: string): HTMLElement;
  createTextNode(text: string): Text;
}

let current: DocumentLike | null = null;

function doc(): DocumentLike {
  return current ?? document;
}

/** Runs `build` with `d` as the document the helpers create nodes in (static rendering). */
export function withDocument<T>(d: DocumentLike, build: () => T): T {
  const previous = current;
  current = d;
  try {
    return build();
  } finally {
    current = previous;
  }
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = doc().createElement(tag) as HTMLElementTagNameMap[K];
  if (props.class) node.className = props.class;
  if (props.attrs) {
    for (const [name, value] of Object.entries(props.attrs)) {
      if (value === undefined || value === false) continue;
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  if (props.text !== undefined) node.textContent = props.text;
  append(node, children);
  return node;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? doc().createTextNode(String(child)) : child);
  }
}

/** Replaces all of `parent`'s children. */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/** Sets text only when it changed, so screen readers and layout are not disturbed by repaints. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Text in which `code` spans (as recommendations write them) become <code> elements. */
export function withCode(text: string): Child[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? el('code', { text: part }) : part));
}

export function badge(tone: Tone, text: string, extra = ''): HTMLSpanElement {
  return el('span', { class: `badge tone-${tone}${extra ? ` ${extra}` : ''}`, text });
}

export interface Column {
  label: string;
  numeric?: boolean;
}

/** A table with a caption and column headers; each row's first cell is its row header. */
export function table(id: string, caption: Child[], columns: Column[], rows: HTMLTableRowElement[]): HTMLElement {
  const head = el('tr', {}, ...columns.map((c) => el('th', { class: c.numeric ? 'n' : undefined, attrs: { scope: 'col' }, text: c.label })));
  return el(
    'div',
    { class: 'table-wrap' },
    el('table', { attrs: { id } }, el('caption', {}, ...caption), el('thead', {}, head), el('tbody', {}, ...rows)),
  );
}

/** A numeric cell. */
export function num(text: string, ...extra: Child[]): HTMLTableCellElement {
  return el('td', { class: 'n' }, text, ...extra);
}

/** A row-header cell. */
export function rowHeader(...children: Child[]): HTMLTableCellElement {
  return el('th', { attrs: { scope: 'row' } }, ...children);
}
