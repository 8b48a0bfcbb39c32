// `npm run docs`: serves the built page on 127.0.0.1 (PORT, default 8080). The page routes by
// hash (`/#/objects/getobjects`), but its sidebar links are paths (`/objects`): a sidebar link
// opened in a new tab, or copied, asks for that path. Every path but `/` is therefore redirected
// to the same route as a hash, so it lands on its section instead of a 404 or the top.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const page = readFileSync(fileURLToPath(new URL('../dist/index.html', import.meta.url)));
const port = Number(process.env.PORT ?? 8080);

export function startDocsServer(listenPort = port) {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (pathname !== '/' && pathname !== '/index.html') {
      response.writeHead(302, { location: `/#${pathname}` }).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length, 'cache-control': 'no-cache' });
    response.end(request.method === 'HEAD' ? undefined : page);
  });
  return new Promise((resolve) => server.listen(listenPort, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startDocsServer();
  console.log(`TAXII 2.1 API reference at http://127.0.0.1:${server.address().port}/`);
}
