// Evaluates an `if:` condition (scenario/conditions.ts) for one user, reading names as templates
// do: an undefined name fails the step (as in a template), except inside `defined(NAME)`.
import type { CompareOp, Condition, Operand } from '../../scenario/conditions';
import { compileTemplate, type CompiledTemplate } from './template';
import type { VuState } from './vu-state';

export type CompiledCondition = (vu: VuState) => boolean;

export function compileCondition(condition: Condition): CompiledCondition {
  switch (condition.kind) {
    case 'and': {
      const [left, right] = [compileCondition(condition.left), compileCondition(condition.right)];
      return (vu) => left(vu) && right(vu);
    }
    case 'or': {
      const [left, right] = [compileCondition(condition.left), compileCondition(condition.right)];
      return (vu) => left(vu) || right(vu);
    }
    case 'not': {
      const inner = compileCondition(condition.inner);
      return (vu) => !inner(vu);
    }
    case 'defined': {
      const name = condition.name;
      return (vu) => vu.vars[name] !== undefined;
    }
    case 'truthy': {
      const read = compileOperand(condition.operand);
      return (vu) => {
        const value = read(vu);
        return value !== '' && value !== 'false' && value !== '0';
      };
    }
    case 'compare': {
      const [left, right] = [compileOperand(condition.left), compileOperand(condition.right)];
      const op = condition.op;
      return (vu) => compareValues(left(vu), right(vu), op);
    }
  }
}

function compileOperand(operand: Operand): (vu: VuState) => string {
  if (operand.kind === 'literal') {
    const value = operand.value;
    return () => value;
  }
  const template: CompiledTemplate = compileTemplate(`{{ ${operand.source} }}`);
  return (vu) => template.render(vu);
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Two numbers compare as numbers; anything else compares as text. */
function compareValues(a: string, b: string, op: CompareOp): boolean {
  const numeric = NUMBER.test(a) && NUMBER.test(b);
  const x: number | string = numeric ? Number(a) : a;
  const y: number | string = numeric ? Number(b) : b;
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}
