// `ifTrue` is a JavaScript expression; an `if:` condition is not (scenario/conditions.ts). The
// simple ones translate: names and literals compared with == != < <= > >= (`===` is `==`), joined
// by && || and !, in parentheses. Anything else (calls, arithmetic, properties) does not.
import { parseCondition } from '../../scenario/conditions';
import { mapTemplates } from '../shared/template-text';
import type { ArtilleryTemplates } from './templates';

const TOKEN = /\s*(?:(===|!==|==|!=|<=|>=|<|>|&&|\|\||!|\(|\))|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)\b|([A-Za-z_$][\w$]*)|(true|false))/y;
const OPERATORS: Record<string, string> = { '===': '==', '!==': '!=', '&&': 'and', '||': 'or', '!': 'not' };

export function condition(expression: string, templates: ArtilleryTemplates): string | undefined {
  const words: string[] = [];
  let at = 0;
  const text = expression.trim();
  while (at < text.length) {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) return undefined;
    at = TOKEN.lastIndex;
    const [, operator, quoted, number, name] = match;
    if (operator) words.push(OPERATORS[operator] ?? operator);
    else if (quoted) words.push(`'${quoted.slice(1, -1).replace(/'/g, "\\'")}'`);
    else if (number) words.push(number);
    else if (name) {
      if (name.startsWith('$')) return undefined;
      // The name as a template would write it (a payload field is `data.SET.COLUMN`).
      words.push(mapTemplates(templates.text(`{{ ${name} }}`), (inside) => inside));
    }
    if (text[at] === '.') return undefined;
  }
  const written = words.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')');
  return parseCondition(written).ok ? written : undefined;
}
