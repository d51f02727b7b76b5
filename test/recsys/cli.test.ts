import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { UsageError } from '../../cli/args.js';
import { command } from '../../cli/commands/recsys.js';
import { syntheticInteractions } from '../../src/recsys/index.js';
import { sharedData } from '../helpers/data.js';

const dir = mkdtempSync(join(tmpdir(), 'recsys-cli-'));
const data = syntheticInteractions({ users: 150, items: 80, interactions: 2500, seed: 2 });
const csv = join(dir, 'ratings.csv');
writeFileSync(csv, 'userId,movieId,rating,timestamp\n' + Array.from({ length: data.length }, (_, e) =>
  `${data.users.id(data.user[e])},${data.items.id(data.item[e])},${1 + ((e * 7) % 5)},${data.time[e]}`).join('\n') + '\n');

async function run(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  try {
    return { code: await command.run(argv), out };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('perceptio recsys', () => {
  test('report prints the table and writes the SVG', async () => {
    const svg = join(dir, 'chart.svg');
    const { code, out } = await run('report', csv, '--svg', svg);
    expect(code).toBe(0);
    expect(out).toMatch(/\| users \| 150 \|/);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg/);
  });

  test('train, then recommend for a known and an unknown user', async () => {
    const model = join(dir, 'model.json');
    expect((await run('train', '--data', csv, '--model', 'itemknn', '-o', model)).code).toBe(0);
    const known = await run('recommend', model, '--user', 'u3', '-n', '5', '--explain', '--json');
    const r = JSON.parse(known.out);
    expect(r.recommendations).toHaveLength(5);
    const seen = new Set<string>();
    for (let e = 0; e < data.length; e++) if (data.user[e] === 3) seen.add(data.items.id(data.item[e]));
    expect(r.recommendations.every((x: { item: string }) => !seen.has(x.item))).toBe(true);
    const unknown = await run('recommend', model, '--user', 'nobody', '-n', '3');
    expect(unknown.out).toMatch(/not in the training data: recommending the most popular items/);
  });

  test('recommend shows MovieLens titles', async () => {
    const model = join(dir, 'ml.json');
    await run('train', '--data', sharedData('movielens-100k'), '--model', 'popularity', '-o', model);
    const { out } = await run('recommend', model, '--user', '1', '-n', '3');
    expect(out).toMatch(/\(\d{4}\)/); // titles carry the year
  });

  test('evaluate and abtest on a random split', async () => {
    const ev = await run('evaluate', '--data', csv, '--models', 'popularity,itemknn,svd', '--split', 'random', '--epochs', '5', '--json');
    const rows = JSON.parse(ev.out).models;
    expect(rows.map((x: { model: string }) => x.model)).toEqual(['popularity', 'itemknn', 'svd']);
    expect(rows[2].rmse).toBeGreaterThan(0);
    const ab = await run('abtest', '--data', csv, '--a', 'popularity', '--b', 'itemknn', '--split', 'last', '--n', '3', '--json');
    expect(JSON.parse(ab.out).pValue).toBeGreaterThan(0);
  });

  test('bad arguments are usage errors; a malformed line names file and line', async () => {
    await expect(command.run(['fly'])).rejects.toThrow(UsageError);
    await expect(command.run(['train', '--data', csv, '--model', 'magic', '-o', 'x'])).rejects.toThrow(/--model expects one of/);
    await expect(command.run(['evaluate', '--data', csv, '-k', 'ten'])).rejects.toThrow(/-k expects a number|--k expects a number/);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'userId,movieId,rating\n1,2,3\n1,3,oops\n');
    await expect(command.run(['report', bad])).rejects.toThrow(/bad\.csv:3: value is not a number/);
  });
});
