// `perceptio lab`'s static server: right MIME types (the worker and any .wasm), long caching for
// hashed assets only, nothing served from outside the folder; bad options are usage errors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { serveLab } from '../../cli/commands/lab.js';
import { cli } from '../helpers/cli.js';

let lab: Awaited<ReturnType<typeof serveLab>>;
let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab-serve-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'main-abc.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'k.wasm'), new Uint8Array([0, 97, 115, 109]));
  lab = await serveLab({ dir, port: 0 });
});
afterAll(async () => {
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('serves index.html, scripts and wasm with their MIME types on 127.0.0.1', async () => {
  expect(lab.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  const index = await fetch(lab.url);
  expect(index.status).toBe(200);
  expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(index.headers.get('cache-control')).toBe('no-cache');
  const js = await fetch(lab.url + 'assets/main-abc.js');
  expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(js.headers.get('cache-control')).toMatch(/immutable/);
  const wasm = await fetch(lab.url + 'assets/k.wasm');
  expect(wasm.headers.get('content-type')).toBe('application/wasm');
  expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
});

test('missing files are 404 and paths outside the folder are refused', async () => {
  expect((await fetch(lab.url + 'nope.js')).status).toBe(404);
  // fetch would normalise ../ away; send the raw path as a hostile client would
  const raw = (path: string) => new Promise<number>((ok, fail) =>
    get({ host: '127.0.0.1', port: new URL(lab.url).port, path }, (res) => (res.resume(), ok(res.statusCode!))).on('error', fail));
  expect(await raw('/..%2f..%2fetc%2fpasswd')).toBe(403);
  expect(await raw('/assets/..%2f..%2f..%2fpackage.json')).toBe(403);
  expect(await raw('/assets/main-abc.js')).toBe(200);
});

test('bad options and a missing build are reported, not thrown', async () => {
  expect((await cli('lab', '--port', 'abc')).err).toMatch(/--port expects a number, got "abc"/);
  expect((await cli('lab', '--port', '70000')).code).toBe(2);
  const missing = await cli('lab', '--port', '0', '--dir', join(tmpdir(), 'no-such-lab-dir'));
  expect(missing.code).toBe(1);
  expect(missing.err).toMatch(/no built lab in .*no-such-lab-dir \(run 'npm run build:lab' first\)/);
});
