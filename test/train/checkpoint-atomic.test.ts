import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test, vi } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from '../../src/train/index.js';
import { smallNet } from './helpers.js';

// Simulated crashes: the write dies half-way, or the process dies before the rename.
const crash = vi.hoisted(() => ({ at: null as null | 'write' | 'rename' }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  return {
    ...fs,
    writeSync: (fd: number, buf: Uint8Array, off: number, len: number) => {
      if (crash.at !== 'write') return fs.writeSync(fd, buf, off, len);
      fs.writeSync(fd, buf, off, Math.floor(len / 2));
      throw new Error('simulated crash during write');
    },
    renameSync: (a: string, b: string) => {
      if (crash.at === 'rename') throw new Error('simulated crash before rename');
      return fs.renameSync(a, b);
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), 'perceptio-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.each(['write', 'rename'] as const)('a crash during %s leaves the previous checkpoint intact', (at) => {
  const path = join(dir, `${at}.safetensors`);
  saveCheckpoint(path, { model: smallNet(1), epoch: 1 });
  const before = readFileSync(path);
  crash.at = at;
  try {
    expect(() => saveCheckpoint(path, { model: smallNet(2), epoch: 2 })).toThrow(/simulated crash/);
  } finally {
    crash.at = null;
  }
  expect(readFileSync(path).equals(before)).toBe(true);
  expect(loadCheckpoint(path).epoch).toBe(1);
  expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
});
