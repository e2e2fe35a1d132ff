// `{{ … }}` in string values: syntax, and names that cannot be defined where they are used
// (visible-names.ts says what each place sees; name-check.ts judges each name). `env.*` is always
// allowed; its value is the run's.
import { isMap, isScalar, isSeq } from 'yaml';
import { diagnostic } from '../diagnostic';
import type { StepInfo } from '../outline';
import { kindsTaking } from '../step-kinds';
import { hasTemplate, parseTemplate, templateNames } from '../templates';
import { keyName, mapPairs, mapValue, offsetRange, seqItems, valueOffsetMapper, type YamlNode } from '../yaml-nav';
import { describeStep, NameCheck } from './name-check';
import type { Rule, RuleContext } from './rule';
import { forEachStepScope, sectionNames } from './visible-names';

/**
 * Step keys whose values are not templates: names key metrics, capture values are sources, an
 * `if:` is a condition (rules/if-conditions.ts). A block's `steps` and `else` are steps of their
 * own, checked in their turn (outline.ts lists them after the block).
 */
const NOT_TEMPLATED = new Set(['name', 'capture', 'steps', 'else', 'if']);

/** The kinds of step that send headers (`defaults.headers` among them). */
const SENDS_HEADERS = kindsTaking('headers');

export const templatesRule: Rule = {
  name: 'templates',
  check(context) {
    const { doc } = context;
    const d = doc.document;
    const { base, withSetup } = sectionNames(context);

    // The target is rendered before setup runs (setup's own requests go to it): no captures.
    new Lookup(context, base, undefined).checkNode(mapValue(doc.root, 'target', d));
    new Lookup(context, withSetup, undefined).checkNode(mapValue(doc.root, 'defaults', d));
    const variables = new Lookup(context, base, undefined);
    for (const pair of mapPairs(mapValue(doc.root, 'variables', d))) variables.checkNode(pair.value ?? undefined);

    forEachStepScope(context, (step, known) => {
      const lookup = new Lookup(context, known, step);
      for (const pair of mapPairs(step.node)) {
        const key = keyName(pair);
        if (key !== undefined && !NOT_TEMPLATED.has(key)) lookup.checkNode(pair.value ?? undefined);
      }
    });
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
        if (!step.kind || !SENDS_HEADERS.includes(step.kind)) return false;
        const own = mapPairs(mapValue(step.node, 'headers', doc.document)).some((p) => keyName(p)?.toLowerCase() === header);
        return !own;
      });
      if (!exposed) continue;
      report(diagnostic(offsetRange(doc, value.range[0], value.range[1]), 'default-header-before-capture',
        `\`defaults.headers.${keyName(pair)}\` uses \`${name}\`, which setup only captures in ${describeStep(outline.setup[capturedAt])}; setup's earlier requests send this header too and will fail — give them their own \`${keyName(pair)}\` header (e.g. \`${keyName(pair)}: ""\`)`,
        'warning'));
    }
  }
}

/** Checks every string under a node against one set of visible names. */
class Lookup {
  private readonly names: NameCheck;

  constructor(
    private readonly context: RuleContext,
    known: ReadonlySet<string>,
    step: StepInfo | undefined,
  ) {
    this.names = new NameCheck(context, known, step);
  }

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
    for (const part of parsed.parts) if (part.kind === 'expr') this.names.check(part.expr, text, part.offset, rangeOf);
  }
}
