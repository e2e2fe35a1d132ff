// Enough of the RealWorld "Conduit" API (https://github.com/gothinkster/realworld) to answer every
// request of its Postman collection: each login hands out a new token, each new article a new
// slug, each comment a new id, and a request that sends a token, slug or id the server never gave
// out gets a 401 or a 404. It logs every request in the order it came, so a test can see that an
// imported scenario carries the values it captured into the requests after.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface LoggedRequest {
  method: string;
  path: string;
  token: string | undefined;
  status: number;
}

export interface ConduitStandIn {
  server: Server;
  log: LoggedRequest[];
  /** Tokens, slugs and comments (id and article) in the order they were handed out. */
  issued: { tokens: string[]; slugs: string[]; comments: { id: string; slug: string }[] };
}

export function conduitStandIn(): ConduitStandIn {
  const log: LoggedRequest[] = [];
  const issued: ConduitStandIn['issued'] = { tokens: [], slugs: [], comments: [] };
  const user = (token: string) => ({ user: { email: 'jake@jake.jake', username: 'jake', bio: null, image: null, token } });
  const article = (slug: string) => ({ article: { slug, title: 'How to train your dragon', description: 'Ever wonder how?', body: 'Very carefully.', tagList: ['dragons', 'training'], createdAt: '2026-12-04T10:00:00.000Z', updatedAt: '2026-12-04T10:00:00.000Z', favorited: false, favoritesCount: 0, author: { username: 'jake' } } });
  const profile = { profile: { username: 'celeb_jake', bio: null, image: null, following: false } };

  const route = (method: string, path: string, token: string | undefined): [number, unknown] => {
    const known = token === undefined || issued.tokens.includes(token);
    if (!known) return [401, { errors: { token: ['is not one this server gave out'] } }];
    if (method === 'POST' && path === '/users') return [200, user('registered')];
    if (method === 'POST' && path === '/users/login') {
      issued.tokens.push(`tok-${issued.tokens.length + 1}`);
      return [200, user(issued.tokens[issued.tokens.length - 1])];
    }
    if (path === '/user') return token ? [200, user(token)] : [401, {}];
    if (method === 'GET' && (path === '/articles' || path === '/articles/feed')) return [200, { articles: [], articlesCount: 0 }];
    if (method === 'POST' && path === '/articles') {
      issued.slugs.push(`how-to-train-your-dragon-${issued.slugs.length + 1}`);
      return [200, article(issued.slugs[issued.slugs.length - 1])];
    }
    if (path === '/tags') return [200, { tags: ['dragons'] }];
    if (path.startsWith('/profiles/')) return [200, profile];
    const match = /^\/articles\/([^/]+)(\/favorite|\/comments(?:\/([^/]+))?)?$/.exec(path);
    if (!match || !issued.slugs.includes(match[1])) return [404, { errors: { article: ['not found'] } }];
    const [, slug, tail, comment] = match;
    if (tail === '/comments' && method === 'POST') {
      issued.comments.push({ id: String(issued.comments.length + 1), slug });
      return [200, { comment: { id: issued.comments.length, body: 'Thank you so much!', createdAt: '2026-12-04T10:00:00.000Z', updatedAt: '2026-12-04T10:00:00.000Z', author: { username: 'jake' } } }];
    }
    if (tail === '/comments') return [200, { comments: [] }];
    if (comment !== undefined) return issued.comments.some((c) => c.id === comment && c.slug === slug) ? [200, {}] : [404, {}];
    return [200, method === 'DELETE' && !tail ? {} : article(slug)];
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const token = /^Token (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const [status, body] = route(req.method ?? 'GET', path, token);
      log.push({ method: req.method ?? 'GET', path, token, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  return { server, log, issued };
}
