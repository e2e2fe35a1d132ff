// A stand-in for OAI's two Petstore examples, enough to answer what each document describes, so
// that a scenario imported from either can run against it:
// - petstore-expanded (under its base path `/v2`): `POST /pets` takes a NewPet (`name` required,
//   `tag` optional) and answers 200 with the Pet, its `id` chosen by the server (from 1001, never
//   an id the document's examples hold); `GET /pets`, `GET /pets/{id}`, `DELETE /pets/{id}` (204).
// - petstore (under `/v1`): `POST /pets` takes a whole Pet (`id` and `name` required, the client
//   chooses the id) and answers 201 with no body; `GET /pets[?limit=N]` the Pets array;
//   `GET /pets/{petId}` the Pet. Every other answer is the documents' Error, `{ code, message }`.
// Each API keeps its own pets. The log of each request lets a test see the order and the ids a
// scenario sent.
import { createServer } from 'node:http';
import { listenLocal, type LocalServer } from './local-server';

export interface PetstoreServer extends LocalServer {
  /** `METHOD path status`, in the order answered. */
  log: string[];
}

interface Pet {
  id: number;
  name: string;
  tag?: string;
}

type Answer = [status: number, value?: unknown];

const error = (code: number, message: string): Answer => [code, { code, message }];

export async function startPetstore(): Promise<PetstoreServer> {
  const log: string[] = [];
  const v1 = petstoreV1();
  const v2 = petstoreExpandedV2();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://petstore');
      const api = url.pathname.startsWith('/v1/') ? v1 : url.pathname.startsWith('/v2/') ? v2 : undefined;
      const [status, value] = api?.(req.method ?? '', url.pathname.slice(3), url.searchParams, body) ?? error(404, `no route for ${req.method} ${req.url}`);
      log.push(`${req.method} ${req.url} ${status}`);
      res.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json' }).end(value === undefined ? undefined : JSON.stringify(value));
    });
  });
  return { ...(await listenLocal(server)), log };
}

type Api = (method: string, path: string, query: URLSearchParams, body: string) => Answer;

function petstoreExpandedV2(): Api {
  const pets = new Map<number, Pet>();
  let nextId = 1001;
  return (method, path, _query, body) => {
    const item = /^\/pets\/(\d+)$/.exec(path);
    if (path === '/pets' && method === 'POST') {
      const pet = parsed(body);
      if (typeof pet?.name !== 'string' || (pet.tag !== undefined && typeof pet.tag !== 'string')) return error(400, 'a NewPet has a string name');
      const created: Pet = { id: nextId++, name: pet.name, ...(pet.tag === undefined ? {} : { tag: pet.tag }) };
      pets.set(created.id, created);
      return [200, created];
    }
    if (path === '/pets' && method === 'GET') return [200, [...pets.values()]];
    if (item && method === 'GET') return pets.has(Number(item[1])) ? [200, pets.get(Number(item[1]))] : error(404, 'no such pet');
    if (item && method === 'DELETE') return pets.delete(Number(item[1])) ? [204] : error(404, 'no such pet');
    return error(404, `no route for ${method} ${path}`);
  };
}

function petstoreV1(): Api {
  const pets = new Map<number, Pet>();
  return (method, path, query, body) => {
    const item = /^\/pets\/([^/]+)$/.exec(path);
    if (path === '/pets' && method === 'POST') {
      const pet = parsed(body);
      if (!Number.isInteger(pet?.id) || typeof pet?.name !== 'string' || (pet.tag !== undefined && typeof pet.tag !== 'string')) return error(400, 'a Pet has an integer id and a string name');
      if (pets.has(pet.id as number)) return error(409, `pet ${String(pet.id)} exists`);
      pets.set(pet.id as number, { id: pet.id as number, name: pet.name, ...(pet.tag === undefined ? {} : { tag: pet.tag as string }) });
      return [201];
    }
    if (path === '/pets' && method === 'GET') {
      const limit = query.has('limit') ? Number(query.get('limit')) : 100;
      if (!Number.isInteger(limit) || limit < 0 || limit > 100) return error(400, 'limit is an integer up to 100');
      return [200, [...pets.values()].slice(0, limit)];
    }
    if (item && method === 'GET') return pets.has(Number(item[1])) ? [200, pets.get(Number(item[1]))] : error(404, 'no such pet');
    return error(404, `no route for ${method} ${path}`);
  };
}

function parsed(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
