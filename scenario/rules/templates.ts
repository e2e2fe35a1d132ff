// `{{ … }}` in string values: syntax, and names that cannot be defined where they are used.
// What a step sees: `variables`, `--var` names, setup captures (not in setup itself) and the
// captures of earlier steps of its own list. `env.*` is always allowed; its value is the run's.
import { isMap, isScalar, isSeq } from 'yaml';
import { diagnostic } from '../diagnostic';
import type { StepInfo } from '../outline';
import { closest, didYouMean, listWords } from '../suggest';
import { hasTemplate, parseTemplate, templateNames } from '../templates';
import { keyName, mapPairs, mapValue, offsetRange, seqItems, valueOffsetMapper, type YamlNode } from '../yaml-nav';
import type { Rule, RuleContext } from './rule';

/** Step keys whose values are not templates: names key metrics, capture values are sources. */
// A block's `steps` and `else` are steps of their own, checked in their turn (outline.ts lists
// them after the block), each with the captures made before it.
const NOT_TEMPLATED = new Set(['name', 'capture', 'steps', 'else']);

export const templatesRule: Rule = {
  name: 'templates',
  check(context) {
    const { doc, outline, options } = context;
    const d = doc.document;
    const base = new Set([...outline.variables, ...Object.keys(options.vars ?? {})]);
    const setupCaptures = new Set(outline.setup.flatMap((step) => step.captures.map((capture) => capture.name)));
    const withSetup = new Set([...base, ...setupCaptures]);

    // The target is rendered before setup runs (setup's own requests go to it): no captures.
    new Lookup(context, base, undefined).checkNode(mapValue(doc.root, 'target', d));
    new Lookup(context, withSetup, undefined).checkNode(mapValue(doc.root, 'defaults', d));
    const variables = new Lookup(context, base, undefined);
    for (const pair of mapPairs(mapValue(doc.root, 'variables', d))) variables.checkNode(pair.value ?? undefined);

    checkSteps(context, outline.setup, base);
    for (const flow of outline.flows) checkSteps(context, flow.steps, withSetup);
    checkSteps(context, outline.teardown, withSetup);
    checkDefaultHeadersInSetup(context, base);
  },
};

/**
 * `defaults.headers` apply to setup's requests too. A default header built from a setup capture
 * (`authorization: "Bearer {{ token }}"`) fails on every setup request sent before that capture,
 * unless the step sets the header itself: say so where the header is written.
 */
function checkDefaultHeadersInSetup(context: RuleContext, base: Set<string>): void {
  const { doc, outline, report } = context;
  const headers = mapValue(mapValue(doc.root, 'defaults', doc.document), 'headers', doc.document);
  for (const pair of mapPairs(headers)) {
    const header = keyName(pair)?.toLowerCase();
    const value = pair.value;
    if (!header || !value || !isScalar(value) || typeof value.value !== 'string') continue;
    for (const name of templateNames(value.value)) {
      if (base.has(name)) continue;
      const capturedAt = outline.setup.findIndex((step) => step.captures.some((capture) => capture.name === name));
      if (capturedAt < 0) continue;
      const exposed = outline.setup.slice(0, capturedAt + 1).find((step) => {
        if (step.kind === 'think') return false;
        const own = mapPairs(mapValue(step.node, 'headers', doc.document)).some((p) => keyName(p)?.toLowerCase() === header);
        return !own;
      });
      if (!exposed) continue;
      report(diagnostic(offsetRange(doc, value.range[0], value.range[1]), 'default-header-before-capture',
        `\`defaults.headers.${keyName(pair)}\` uses \`${name}\`, which setup only captures in ${describe(outline.setup[capturedAt])}; setup's earlier requests send this header too and will fail — give them their own \`${keyName(pair)}\` header (e.g. \`${keyName(pair)}: ""\`)`,
        'warning'));
    }
  }
}

function checkSteps(context: RuleContext, steps: StepInfo[], visible: Set<string>): void {
  const known = new Set(visible);
  for (const step of steps) {
    const lookup = new Lookup(context, known, step);
    for (const pair of mapPairs(step.node)) {
      const key = keyName(pair);
      if (key !== undefined && !NOT_TEMPLATED.has(key)) lookup.checkNode(pair.value ?? undefined);
    }
    for (const capture of step.captures) known.add(capture.name);
  }
}

/** Checks every string under a node against one set of visible names. */
class Lookup {
  constructor(
    private readonly context: RuleContext,
    private readonly known: Set<string>,
    private readonly step: StepInfo | undefined,
  ) {}

  checkNode(node: YamlNode | undefined): void {
    if (!node) return;
    if (isScalar(node)) {
      if (typeof node.value === 'string' && hasTemplate(node.value)) this.checkString(node, node.value);
    } else if (isMap(node)) {
      for (const pair of mapPairs(node)) this.checkNode(pair.value ?? undefined);
    } else if (isSeq(node)) {
      for (const item of seqItems(node)) this.checkNode(item);
    }
    // An alias repeats a node already checked where its anchor is.
  }

  private checkString(node: YamlNode, text: string): void {
    const { doc, report } = this.context;
    const at = valueOffsetMapper(doc.text, node);
    const rangeOf = (offset: number, length: number) => {
      const [start, end] = at(offset, length);
      return offsetRange(doc, start, end);
    };
    const parsed = parseTemplate(text);
    for (const error of parsed.errors) report(diagnostic(rangeOf(error.offset, error.length), 'template-syntax', error.message));
    for (const part of parsed.parts) {
      if (part.kind !== 'expr') continue;
      const { expr } = part;
      if (expr.kind === 'name' && !this.known.has(expr.name)) {
        const offset = text.indexOf(expr.name, part.offset);
        const range = rangeOf(offset, expr.name.length);
        const suggestion = closest(expr.name, this.known);
        const message = this.undefinedMessage(expr.name, suggestion);
        const fix = suggestion ? { title: `Change to \`${suggestion}\``, range, newText: suggestion } : undefined;
        report(diagnostic(range, 'undefined-template-name', message, 'error', fix));
      } else if (expr.kind === 'data') {
        this.checkData(expr.set, expr.column, text, part.offset, rangeOf);
      }
    }
  }

  private undefinedMessage(name: string, suggestion: string | undefined): string {
    const makers = this.context.outline.allSteps.filter((step) => step.captures.some((capture) => capture.name === name));
    const step = this.step;
    if (step) {
      const later = makers.find((maker) => maker.section === step.section && maker.flow === step.flow && maker.index >= step.index);
      if (later) {
        const which = later === step ? 'this step' : `a later step (${describe(later)})`;
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

  private checkData(set: string, column: string, text: string, from: number, rangeOf: (offset: number, length: number) => ReturnType<typeof offsetRange>): void {
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
}

function describe(step: StepInfo): string {
  return `${step.name ? `\`${step.name}\`, ` : ''}step ${step.index + 1}`;
}
