// Building elements without markup: text always goes in as text nodes, so a step called
// `<img src=x onerror=…>` is shown, never parsed. Nothing in the panel uses innerHTML.

import type { Tone } from '../report/tones';

export type { Tone };

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Fixed attribute names only (aria-*, role, scope, id…); values are set as plain strings. */
  attrs?: Record<string, string | number | boolean | undefined>;
  text?: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
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
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
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
