// The template values one request of a trial rendered (`stampede try`): each `{{ expression }}`
// with the value it gave, written down by the template itself as the request renders
// (template.ts), since `random.uuid()` or `now()` would give another value if asked again.
import type { TemplateValue } from '../protocol/exchange';

export class TemplateLog {
  readonly values: TemplateValue[] = [];

  /**
   * Keeps each expression and value once: `{{ vu.id }}` in a header and in the body is one
   * line, while `{{ random.int(1, 9) }}` written twice shows both values when they differ.
   */
  record(expression: string, value: string): void {
    if (this.values.some((kept) => kept.expression === expression && kept.value === value)) return;
    this.values.push({ expression, value });
  }
}
