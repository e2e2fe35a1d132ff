// A stand-in for OAI's petstore-expanded API, enough to answer what the document describes:
// `POST /pets` (a NewPet: `name` required, `tag` optional) answers the Pet with a server-chosen
// `id` (from 1001, never an id the document's examples hold), `GET /pets`, `GET /pets/{id}`,
// `DELETE /pets/{id}` (204), all under the document's base path `/v2`. It logs each request, so a
// test can see the order and the ids a scenario sent.
import { createServer } from 'node:http';
import { listenLocal, type LocalServer } from './local-server';

export interface PetstoreServer extends LocalServer {
  /** `METHOD path status`, in the order answered. */
  log: string[];
}

export async function startPetstore(): Promise<PetstoreServer> {
  const pets = new Map<number, { id: number; name: string; tag?: string }>();
  let nextId = 1001;
  const log: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const answer = (status: number, value?: unknown): void => {
        log.push(`${req.method} ${req.url} ${status}`);
        res.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json' }).end(value === undefined ? undefined : JSON.stringify(value));
      };
      const item = /^\/v2\/pets\/(\d+)$/.exec(req.url ?? '');
      if (req.url === '/v2/pets' && req.method === 'POST') {
        let pet: { name?: unknown; tag?: unknown };
        try {
          pet = JSON.parse(body) as typeof pet;
        } catch {
          return answer(400, { code: 400, message: 'invalid JSON' });
        }
        if (typeof pet.name !== 'string' || (pet.tag !== undefined && typeof pet.tag !== 'string')) return answer(400, { code: 400, message: 'a NewPet has a string name' });
        const created = { id: nextId++, name: pet.name, ...(pet.tag === undefined ? {} : { tag: pet.tag }) };
        pets.set(created.id, created);
        return answer(200, created);
      }
      if (req.url?.startsWith('/v2/pets') && !item && req.method === 'GET') return answer(200, [...pets.values()]);
      if (item && req.method === 'GET') return pets.has(Number(item[1])) ? answer(200, pets.get(Number(item[1]))) : answer(404, { code: 404, message: 'no such pet' });
      if (item && req.method === 'DELETE') return pets.delete(Number(item[1])) ? answer(204) : answer(404, { code: 404, message: 'no such pet' });
      return answer(404, { code: 404, message: `no route for ${req.method} ${req.url}` });
    });
  });
  return { ...(await listenLocal(server)), log };
}
