import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { num, parse, UsageError, type Command } from '../args.js';

const help = `Usage: perceptio lab [--port N] [--open] [--dir DIR]

Serves the browser lab (built by 'npm run build:lab' into dist-lab/) on http://127.0.0.1 and
prints its address; Ctrl+C stops it. Everything runs in the browser: the server only sends files.

  --port <n>   the port (default: the PORT environment variable, else 5180; 0 picks a free one)
  --open       open the address in the default browser (xdg-open, open or start)
  --dir <dir>  serve this folder instead of dist-lab/
`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml', '.ico': 'image/x-icon',
  '.safetensors': 'application/octet-stream', '.bin': 'application/octet-stream', '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The package root: the nearest folder above this file with a package.json (source or dist/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const defaultLabDir = (): string => join(packageRoot(), 'dist-lab');

/**
 * Serves a folder of static files on 127.0.0.1 (never other interfaces). Hashed assets are cached
 * for a year (so the worker and its embedded wasm load once); index.html is always revalidated.
 * Example: const { url, close } = await serveLab({ dir: 'dist-lab', port: 0 });
 */
export async function serveLab({ dir, port }: { dir: string; port: number }): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html')))
    throw new Error(`no built lab in ${root} (run 'npm run build:lab' first)`);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = normalize(join(root, path.endsWith('/') ? path + 'index.html' : path));
      // a path that escapes the folder (../) is refused rather than resolved
      if (file !== root && !file.startsWith(root + sep)) throw Object.assign(new Error('outside'), { status: 403 });
      if (!existsSync(file) || !statSync(file).isFile()) throw Object.assign(new Error('not found'), { status: 404 });
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Cache-Control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        // cross-origin isolation: the page may then use shared wasm memory (the faster kernel
        // variant, and worker threads); everything is same-origin, so nothing is blocked
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      const status = (e as { status?: number }).status ?? 400;
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(status === 404 ? 'Not found\n' : status === 403 ? 'Forbidden\n' : 'Bad request\n');
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`;
  return { url, server, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`perceptio lab: could not open a browser (${cmd}); open ${url} yourself\n`));
  child.unref();
}

export const command: Command = {
  summary: 'serve the browser lab on localhost and print its address',
  help,
  async run(argv) {
    const { values, positionals } = parse(argv, { port: { type: 'string' }, open: { type: 'boolean' }, dir: { type: 'string' } });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const port = num(values.port ?? process.env.PORT, 'port', 5180);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects an integer 0–65535, got ${port}`);
    let lab;
    try {
      lab = await serveLab({ dir: values.dir ?? defaultLabDir(), port });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EADDRINUSE') throw new Error(`port ${port} is in use; choose another with --port or PORT`);
      throw e;
    }
    process.stdout.write(values.json ? JSON.stringify({ url: lab.url }) + '\n' : `Perceptio lab: ${lab.url}  (Ctrl+C stops it)\n`);
    if (values.open) openBrowser(lab.url);
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      lab.server.once('close', stop);
    });
    await lab.close();
    return 0;
  },
};
