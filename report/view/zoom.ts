// Zoom to a time range, in the panel and in report.html: a drag across any chart (./charts.ts)
// or the keyboard form under the charts' heading picks a range, snapped to whole intervals
// (report/range.ts); the host redraws the charts and the figures for it. While zoomed, a bar
// above the tiles names the range, says which parts of the page show it and offers Reset (a
// double-click on a chart does the same) and the host's exports of the range.
import { snapRange, type TimeRange } from '../range';
import type { TimeseriesRow } from '../types';
import { el, replace, type Child } from './dom';
import { rangeText } from './range-view';

export interface ZoomHost {
  /** The rows the charts draw now: a selection snaps to their intervals. */
  rows(): TimeseriesRow[];
  /** The range changed (null: back to the whole run): redraw charts and figures, return the bar's note. */
  apply(range: TimeRange | null): string;
}

export class Zoom {
  /** Shown above the tiles while zoomed. */
  readonly bar: HTMLElement;
  /** From and to, in seconds, for the keyboard: under the charts' heading. */
  readonly form: HTMLFormElement;
  private range: TimeRange | null = null;
  private readonly label = el('b', { attrs: { id: 'zoom-range' } });
  private readonly note = el('span', { class: 'zoom-note' });
  private readonly actions = el('span', { class: 'zoom-actions' });
  private readonly from = el('input', { attrs: { type: 'number', id: 'zoom-from', min: 0, step: 'any', inputmode: 'decimal' } });
  private readonly to = el('input', { attrs: { type: 'number', id: 'zoom-to', min: 0, step: 'any', inputmode: 'decimal' } });

  constructor(private readonly host: ZoomHost) {
    const reset = el('button', { class: 'secondary', attrs: { type: 'button', id: 'zoom-reset', title: 'Back to the whole run (or double-click a chart)' }, text: 'Reset' });
    reset.addEventListener('click', () => this.set(null));
    this.bar = el(
      'div',
      { class: 'zoom-bar', attrs: { id: 'zoom-bar', role: 'region', 'aria-label': 'Zoomed time range' } },
      el('span', { class: 'zoom-what', attrs: { 'aria-live': 'polite' } }, 'Range ', this.label),
      ' · ',
      reset,
      this.actions,
      this.note,
    );
    this.bar.hidden = true;
    this.form = el(
      'form',
      { class: 'zoom-form', attrs: { id: 'zoom-form', 'aria-label': 'Zoom to a time range' } },
      el('label', { attrs: { for: 'zoom-from' } }, 'Zoom from'),
      this.from,
      el('label', { attrs: { for: 'zoom-to' } }, 'to'),
      this.to,
      el('span', { text: 's' }),
      el('button', { class: 'secondary', attrs: { type: 'submit' }, text: 'Zoom' }),
      el('span', { class: 'hint', text: 'or drag across a chart; double-click it to reset' }),
    );
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const a = Number(this.from.value);
      const b = Number(this.to.value);
      if (this.from.value !== '' && this.to.value !== '' && Number.isFinite(a) && Number.isFinite(b) && a !== b) this.select(a, b);
    });
  }

  get current(): TimeRange | null {
    return this.range;
  }

  /** A selection from `a` to `b` seconds (either order): the whole intervals it covers. */
  select(a: number, b: number): void {
    this.set(snapRange(this.host.rows(), a, b));
  }

  /** Shows `range` (already whole intervals), or the whole run. */
  set(range: TimeRange | null): void {
    this.range = range;
    const note = this.host.apply(range);
    this.bar.hidden = range === null;
    this.label.textContent = range ? rangeText(range) : '';
    this.note.textContent = range ? note : '';
    this.from.value = range ? String(range.from) : '';
    this.to.value = range ? String(range.to) : '';
  }

  /** Buttons of the host's (exports of the range), shown in the bar. */
  setActions(...children: Child[]): void {
    replace(this.actions, ...children);
  }
}
