// Templates are compiled once per step into small closures; a request never re-parses text.
// They are interpreted, never evaluated as JavaScript.
import { randomBytes, randomUUID } from 'node:crypto';
import { parseTemplate, type TemplateExpr } from '../../scenario/templates';
import type { TemplateLog } from './template-log';
import type { VuState } from './vu-state';

/** A failed template at run time (an undefined name): the step fails, the VU goes on. */
export class TemplateError extends Error {}

export interface CompiledTemplate {
  /** Set when the template has no `{{ }}`: callers may skip evaluation. */
  readonly constant: string | undefined;
  render(vu: VuState): string;
}

type Piece = (vu: VuState) => string;

export function compileTemplate(text: string): CompiledTemplate {
  const { parts, errors } = parseTemplate(text);
  if (errors.length > 0) {
    const message = `invalid template "${text}": ${errors[0].message}`;
    return { constant: undefined, render: () => { throw new TemplateError(message); } };
  }
  if (parts.every((part) => part.kind === 'text')) {
    const constant = parts.map((part) => (part.kind === 'text' ? part.value : '')).join('');
    return { constant, render: () => constant };
  }
  const pieces: Piece[] = parts.map((part) => {
    if (part.kind === 'text') {
      const value = part.value;
      return () => value;
    }
    return compileExpr(part.expr, part.source);
  });
  const sources = parts.map((part) => (part.kind === 'expr' ? part.source : undefined));
  const renderLogged = (vu: VuState, log: TemplateLog): string => {
    let out = '';
    for (let i = 0; i < pieces.length; i++) {
      const value = pieces[i](vu);
      const source = sources[i];
      if (source !== undefined) log.record(source, value);
      out += value;
    }
    return out;
  };
  // A trial's request sets the user's template log while it renders (vu-state.ts); a load never
  // does and pays one property test per render.
  if (pieces.length === 1) {
    const only = pieces[0];
    return { constant: undefined, render: (vu) => (vu.templateLog === undefined ? only(vu) : renderLogged(vu, vu.templateLog)) };
  }
  return {
    constant: undefined,
    render(vu) {
      if (vu.templateLog !== undefined) return renderLogged(vu, vu.templateLog);
      let out = '';
      for (let i = 0; i < pieces.length; i++) out += pieces[i](vu);
      return out;
    },
  };
}

/** Compiled variable templates, by text; and how deep variables currently render inside others. */
const variableTemplates = new Map<string, CompiledTemplate>();
let variableDepth = 0;
const MAX_VARIABLE_DEPTH = 8;

/**
 * A variable holding a template, rendered once per iteration of each user: every use in that
 * iteration (a login and the check after it) sees the same value (contract, second edition).
 */
function renderVariable(name: string, text: string, vu: VuState): string {
  const kept = vu.renderedVariables?.get(name);
  if (kept !== undefined) return kept;
  const value = renderVariableText(name, text, vu);
  (vu.renderedVariables ??= new Map()).set(name, value);
  return value;
}

function renderVariableText(name: string, text: string, vu: VuState): string {
  if (variableDepth >= MAX_VARIABLE_DEPTH) throw new TemplateError(`variable "${name}" refers to itself (through ${MAX_VARIABLE_DEPTH} variables)`);
  let template = variableTemplates.get(text);
  if (!template) {
    template = compileTemplate(text);
    variableTemplates.set(text, template);
  }
  // A trial lists the variable by its name with the whole value, not the expressions inside it.
  const log = vu.templateLog;
  vu.templateLog = undefined;
  variableDepth++;
  try {
    return template.render(vu);
  } finally {
    variableDepth--;
    vu.templateLog = log;
  }
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomString(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[bytes[i] % ALPHANUMERIC.length];
  return out;
}

function compileExpr(expr: TemplateExpr, source: string): Piece {
  switch (expr.kind) {
    case 'name': {
      const name = expr.name;
      return (vu) => {
        const value = vu.vars[name];
        if (value === undefined) throw new TemplateError(`"${name}" is not defined (in {{ ${source} }})`);
        // The variable's own template (not a capture that shadows it): rendered here.
        if (typeof value === 'string' && vu.scope.templated.get(name) === value) return renderVariable(name, value, vu);
        // A list (a `[*]` capture) reads as JSON inside text: `[1,2,3]`, `["a","b"]`.
        return Array.isArray(value) ? JSON.stringify(value) : String(value);
      };
    }
    case 'env': {
      const name = expr.name;
      return (vu) => {
        const value = vu.scope.env[name];
        if (value === undefined) throw new TemplateError(`environment variable ${name} is not set`);
        return value;
      };
    }
    case 'vu':
      return expr.field === 'id' ? (vu) => String(vu.id) : (vu) => String(vu.iteration);
    case 'loop': {
      const field = expr.field;
      return (vu) => {
        const loop = vu.loops?.at(-1);
        if (!loop) throw new TemplateError(`{{ loop.${field} }} is only known inside a \`repeat:\` block`);
        if (field === 'index') return String(loop.index);
        if (loop.value === undefined) throw new TemplateError('{{ loop.value }} needs `repeat: { over: … }`');
        return String(loop.value);
      };
    }
    case 'data': {
      const { set, column } = expr;
      return (vu) => {
        const row = vu.row(set);
        if (!row) throw new TemplateError(`data set "${set}" has no rows`);
        const value = row[column];
        if (value === undefined) throw new TemplateError(`data set "${set}" has no column "${column}"`);
        return String(value);
      };
    }
    case 'call':
      return compileCall(expr.fn, expr.args);
  }
}

function compileCall(fn: string, args: (string | number)[]): Piece {
  switch (fn) {
    case 'random.int': {
      const low = Math.ceil(Number(args[0]));
      const high = Math.floor(Number(args[1]));
      return () => String(low + Math.floor(Math.random() * (high - low + 1)));
    }
    case 'random.uuid':
      return () => randomUUID();
    case 'random.string': {
      const length = Number(args[0]);
      return () => randomString(length);
    }
    case 'random.pick': {
      const choices = args.map(String);
      return () => choices[Math.floor(Math.random() * choices.length)];
    }
    case 'now':
      return () => String(Date.now());
    default:
      return () => { throw new TemplateError(`unknown function ${fn}()`); };
  }
}
