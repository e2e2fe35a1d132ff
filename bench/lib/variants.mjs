// The four requests the CPU-per-request comparison sends (issue 15: "GET and POST with and
// without templates"), each as a Stampede step and as autocannon's closest equivalent: a
// template there is autocannon's own per-request mechanism (setupRequest), so both sides build
// something new for every request. (autocannon's [<id>] body replacement keeps the template's
// content-length: nginx refused 96 % of those requests.)
import { randomUUID } from 'node:crypto';

const BODY = { name: 'widget', price: 9.5, tags: ['a', 'b'] };

export const VARIANTS = ['get', 'get-template', 'post', 'post-template'];

/** The step of a closed-model flow (bench/lib/scenarios.mjs), YAML indented for `steps:`. */
export function stampedeStep(variant) {
  switch (variant) {
    case 'get':
      return '      - request: GET /';
    case 'get-template':
      return '      - request: GET /items/{{ vu.id }}-{{ vu.iteration }}';
    case 'post':
      return `      - request: POST /items\n        json: ${JSON.stringify(BODY)}`;
    case 'post-template':
      return `      - request: POST /items\n        json: ${JSON.stringify({ ...BODY, name: 'widget {{ random.uuid() }}' })}`;
    default:
      throw new Error(`unknown variant ${variant}`);
  }
}

/** autocannon options for the same request. */
export function autocannonRequest(variant) {
  const post = { method: 'POST', headers: { 'content-type': 'application/json' } };
  switch (variant) {
    case 'get':
      return {};
    case 'get-template': {
      const next = new Map();
      return {
        requests: [
          {
            setupRequest: (request, context) => {
              const n = (next.get(context) ?? 0) + 1;
              next.set(context, n);
              return { ...request, path: `/items/${n}` };
            },
          },
        ],
      };
    }
    case 'post':
      return { ...post, body: JSON.stringify(BODY) };
    case 'post-template':
      return { ...post, requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify({ ...BODY, name: `widget ${randomUUID()}` }) }) }] };
    default:
      throw new Error(`unknown variant ${variant}`);
  }
}
