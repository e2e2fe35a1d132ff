// A JSONPath as REST Client, httpyac and Artillery write it (`$.user.token`, `$.items[0].id`,
// `$['data']`) as a Stampede capture source (`body.user.token`). Only plain paths translate:
// filters, recursive descent and unions have no equivalent and give undefined.

export function jsonPathToCapture(path: string): string | undefined {
  const text = path.trim();
  if (text === '$' || text === '*' || text === '') return 'body';
  const rest = text.startsWith('$') ? text.slice(1) : `.${text}`;
  const steps: string[] = [];
  const pattern = /\.([A-Za-z_$][\w$-]*)|\[(\d+|\*)\]|\[\s*'([^']+)'\s*\]|\[\s*"([^"]+)"\s*\]/y;
  let at = 0;
  while (at < rest.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(rest);
    if (!match) return undefined;
    if (match[2] !== undefined) steps.push(`[${match[2]}]`);
    else {
      const key = match[1] ?? match[3] ?? match[4];
      // A capture path's keys stop at `.`, `[`, `]` and spaces (scenario/capture-source.ts).
      if (/[.[\]\s]/.test(key)) return undefined;
      steps.push(`.${key}`);
    }
    at = pattern.lastIndex;
  }
  return `body${steps.join('')}`;
}
