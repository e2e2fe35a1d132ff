// Whether what a template part or a condition operand names exists where it is written: a
// variable or capture visible there, a data set and its column, `loop.*` inside a `repeat:` block.
// Shared by the templates rule and the `if:` conditions rule, so both say the same.
import { diagnostic } from '../diagnostic';
import { enclosingRepeat, repeatsOver, type StepInfo } from '../outline';
import { closest, didYouMean, listWords } from '../suggest';
import type { TemplateExpr } from '../templates';
import { scalarValue } from '../yaml-nav';
import type { SourceRange } from '../types';
import type { RuleContext } from './rule';

/** Maps an offset and length in the checked text to a range in the document. */
export type RangeOf = (offset: number, length: number) => SourceRange;

export class NameCheck {
  constructor(
    private readonly context: RuleContext,
    private readonly known: ReadonlySet<string>,
    /** The step whose value is checked; undefined for the target, defaults and variables. */
    private readonly step: StepInfo | undefined,
  ) {}

  /** `expr` is written in `text` at or after `from`. */
  check(expr: TemplateExpr, text: string, from: number, rangeOf: RangeOf): void {
    if (expr.kind === 'name' && !this.known.has(expr.name)) this.undefinedName(expr.name, rangeOf(text.indexOf(expr.name, from), expr.name.length));
    else if (expr.kind === 'data') this.checkData(expr.set, expr.column, text, from, rangeOf);
    else if (expr.kind === 'loop') this.checkLoop(expr.field, rangeOf(text.indexOf('loop', from), `loop.${expr.field}`.length));
  }

  private undefinedName(name: string, range: SourceRange): void {
    const suggestion = closest(name, this.known);
    const fix = suggestion ? { title: `Change to \`${suggestion}\``, range, newText: suggestion } : undefined;
    this.context.report(diagnostic(range, 'undefined-template-name', this.undefinedMessage(name, suggestion), 'error', fix));
  }

  private undefinedMessage(name: string, suggestion: string | undefined): string {
    const makers = this.context.outline.allSteps.filter((step) => step.captures.some((capture) => capture.name === name));
    const step = this.step;
    if (step) {
      const later = makers.find((maker) => maker.section === step.section && maker.flow === step.flow && maker.index >= step.index);
      if (later) {
        const which = later === step ? 'this step' : `a later step (${describeStep(later)})`;
        return `\`${name}\` is captured by ${which}; a capture is usable only in the steps after the one that makes it`;
      }
    }
    const elsewhere = makers[0];
    if (elsewhere?.section === 'setup' && !step) {
      // Only the target (and `variables`) cannot see setup's captures: they are read before it.
      return `\`${name}\` is captured in \`setup\`, which runs after this value is read; take it from \`variables\`, \`env\` or \`--var\` instead`;
    }
    if (elsewhere) {
      const where = elsewhere.section === 'flow' ? `flow \`${elsewhere.flow?.name ?? '?'}\`` : `\`${elsewhere.section}\``;
      return `\`${name}\` is captured only in ${where}, which this ${step ? `step's list` : 'value'} cannot see; captures of \`setup\` are visible everywhere, other captures only later in the same list`;
    }
    const hint = suggestion ? `did you mean \`${suggestion}\`? Otherwise ` : '';
    return `\`${name}\` is not defined; ${hint}define it under \`variables\`, capture it in an earlier step, or pass \`--var ${name}=…\``;
  }

  private checkData(set: string, column: string, text: string, from: number, rangeOf: RangeOf): void {
    const { outline, report, dataColumns } = this.context;
    if (!outline.dataSets.has(set)) {
      const names = [...outline.dataSets.keys()];
      const offset = text.indexOf(`data.${set}`, from) + 5;
      const known = names.length ? `; the data sets are ${listWords(names, 'and')}${didYouMean(set, names)}` : '; add it under `data`';
      report(diagnostic(rangeOf(offset, set.length), 'unknown-data-set', `no data set \`${set}\`${known}`));
      return;
    }
    const columns = dataColumns(set);
    if (!columns?.ok || columns.columns.includes(column)) return;
    const offset = text.indexOf(`data.${set}.${column}`, from) + 6 + set.length;
    report(diagnostic(rangeOf(offset, column.length), 'unknown-data-column',
      `data set \`${set}\` has no column \`${column}\`; its columns are ${listWords(columns.columns, 'and')}${didYouMean(column, columns.columns)}`));
  }

  /** `loop.index` needs a `repeat:` block around; `loop.value` one that goes `over` a list. */
  private checkLoop(field: 'index' | 'value', range: SourceRange): void {
    const repeat = enclosingRepeat(this.step);
    if (!repeat) {
      const own = this.step?.kind === 'repeat' ? ' (a `repeat:` value is read before its loop starts, outside it)' : '';
      this.context.report(diagnostic(range, 'loop-outside-repeat',
        `\`loop.${field}\` is only known in the steps of a \`repeat:\` block${own}; here no repetition is going on`));
    } else if (field === 'value' && !repeatsOver(repeat) && scalarValue(repeat.kindNode) != null) {
      // (A mapping without `over` is the schema's to report.)
      this.context.report(diagnostic(range, 'loop-value-without-over',
        `\`loop.value\` is the element of \`repeat: { over: "{{ list }}" }\`; the \`repeat:\` around this step counts times, so only \`loop.index\` (from 0) is known`));
    }
  }
}

/** `` `login`, step 3 ``: a step named in a message. */
export function describeStep(step: StepInfo): string {
  return `${step.name ? `\`${step.name}\`, ` : ''}step ${step.index + 1}`;
}
