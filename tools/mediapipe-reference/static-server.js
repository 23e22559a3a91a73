'use strict';
// A minimal read-only static file server on 127.0.0.1 for the browser harness.
// Each URL prefix maps to one folder; paths that escape their folder are refused.

const http = require('http');
const fs = require('fs');
const path = require('path');

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.binarypb': 'application/octet-stream',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
};

function resolveRequest(mounts, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  for (const [prefix, root] of Object.entries(mounts)) {
    if (!decoded.startsWith(prefix)) continue;
    const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded.slice(prefix.length)));
    if (file !== root && !file.startsWith(root + path.sep)) return null;
    return file;
  }
  return null;
}

/**
 * Starts the server on an ephemeral port of 127.0.0.1.
 * @param {Record<string, string>} mounts URL prefix (ending in '/') -> absolute folder
 * @returns {Promise<{server: http.Server, baseUrl: string}>}
 */
function startStaticServer(mounts) {
  const absoluteMounts = Object.fromEntries(Object.entries(mounts).map(([p, d]) => [p, path.resolve(d)]));
  const server = http.createServer((req, res) => {
    const file = req.method === 'GET' ? resolveRequest(absoluteMounts, req.url) : null;
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    fs.stat(file, (statError, stat) => {
      if (statError || !stat.isFile()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': stat.size,
        'Cache-Control': 'no-store',
      });
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ server, baseUrl: `http://127.0.0.1:${port}` });
    });
  });
}

module.exports = { startStaticServer };
