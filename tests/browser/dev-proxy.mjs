// Development only (the tests do not use it): serves web/app/ and the socket.io-client bundle at /app/ and
// proxies everything else, HTTP and WebSocket upgrades, to a running banterd. For trying the web client
// before banterd serves /app/ itself.
//
//   node tests/browser/dev-proxy.mjs --backend http://127.0.0.1:8080 [--port 8090] [--websocket-only]
//
// --websocket-only appends a shim to the served bundle that forces `transports: ["websocket"]` on every io()
// call, for a banterd without HTTP long-polling; the app itself always uses the default options.
// Prints "dev-proxy listening on http://127.0.0.1:PORT" once ready (--port 0 picks a free port).
import http from 'node:http';
import net from 'node:net';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const checkout = path.resolve(here, '../..');
const appDir = path.join(checkout, 'web/app');
const bundle = path.join(checkout, 'web/node_modules/socket.io-client/dist/socket.io.min.js');

const { values: options } = parseArgs({
  options: {
    backend: { type: 'string', default: process.env.BANTERD_URL ?? 'http://127.0.0.1:8080' },
    port: { type: 'string', default: '8090' },
    host: { type: 'string', default: '127.0.0.1' },
    'websocket-only': { type: 'boolean', default: false },
  },
});
const backend = new URL(options.backend);

const WEBSOCKET_ONLY_SHIM = `
;(function () {
  var original = window.io;
  function forced(uri, opts) {
    if (typeof uri === 'object' && uri !== null) { opts = uri; uri = undefined; }
    return original(uri, Object.assign({}, opts, { transports: ['websocket'] }));
  }
  Object.assign(forced, original);
  window.io = forced;
  console.info('dev-proxy: socket.io forced to transports ["websocket"]');
})();
`;

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

async function serveApp(req, res, pathname) {
  let name = pathname.slice('/app/'.length) || 'index.html';
  if (name.includes('..') || name.includes('/')) return send(res, 404, 'not found');
  let body;
  if (name === 'socket.io.min.js') {
    body = await readFile(bundle, 'utf8');
    if (options['websocket-only']) body += WEBSOCKET_ONLY_SHIM;
  } else {
    try {
      body = await readFile(path.join(appDir, name));
    } catch {
      return send(res, 404, 'not found');
    }
  }
  res.writeHead(200, {
    'content-type': types[path.extname(name)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  res.end(body);
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function proxyHttp(req, res) {
  // A fresh connection per request: banterd takes a WebSocket upgrade only as a connection's first request.
  const upstream = http.request({
    host: backend.hostname,
    port: backend.port,
    method: req.method,
    path: req.url,
    headers: { ...req.headers, host: backend.host, connection: 'close' },
    agent: false,
  }, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode, upstreamRes.statusMessage, upstreamRes.headers);
    upstreamRes.pipe(res);
  });
  upstream.on('error', (err) => {
    if (!res.headersSent) send(res, 502, `dev-proxy: backend error: ${err.message}`);
    else res.destroy();
  });
  req.pipe(upstream);
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://x');
  if (pathname === '/app') {
    res.writeHead(301, { location: '/app/' });
    return res.end();
  }
  if (pathname.startsWith('/app/')) {
    serveApp(req, res, pathname).catch((err) => send(res, 500, String(err)));
    return;
  }
  proxyHttp(req, res);
});

server.on('upgrade', (req, socket, head) => {
  const upstream = net.connect(Number(backend.port), backend.hostname, () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i];
      lines.push(`${name}: ${name.toLowerCase() === 'host' ? backend.host : req.rawHeaders[i + 1]}`);
    }
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head?.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  const close = () => {
    upstream.destroy();
    socket.destroy();
  };
  upstream.on('error', close);
  socket.on('error', close);
  upstream.on('close', close);
  socket.on('close', close);
});

server.listen(Number(options.port), options.host, () => {
  const { port } = server.address();
  console.log(`dev-proxy listening on http://${options.host}:${port} (backend ${backend.origin}` +
    `${options['websocket-only'] ? ', websocket only' : ''})`);
});
