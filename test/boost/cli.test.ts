import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { command } from '../../cli/commands/boost.js';
import { UsageError } from '../../cli/args.js';
import { adultColumns } from '../../bench/boost-data.js';
import { sharedData } from '../helpers/data.js';

const dir = mkdtempSync(join(tmpdir(), 'boost-cli-'));
const header = [...adultColumns, 'income'].join(',');
// the first 3,000 rows of UCI Adult, with a header line added
const adultRows = readFileSync(sharedData('adult', 'adult.data'), 'utf8').split('\n').slice(0, 3000);
const data = join(dir, 'adult.csv');
writeFileSync(data, [header, ...adultRows].join('\n') + '\n');
const categorical = 'workclass,education,marital-status,occupation,relationship,race,sex,native-country';

let out = '';
beforeEach(() => {
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

describe('perceptio boost', () => {
  const model = join(dir, 'model.json');
  test('train writes a model, an importance chart and the evaluation history', async () => {
    const code = await command.run(['train', data, '--target', 'income', '--categorical', categorical,
      '--objective', 'binary', '--valid-fraction', '0.2', '--early-stopping', '10', '--n-estimators', '60',
      '--metric', 'auc', '-o', model]);
    expect(code).toBe(0);
    expect(out).toMatch(/trained \d+ rounds/);
    expect(out).toMatch(/evaluation history \(valid\):\n\s+round\s+auc/);
    expect(out).toMatch(/relationship|marital-status|capital-gain/);
    const svg = readFileSync(join(dir, 'model.importance.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]*>/);
    expect(svg).toContain('<rect');
    const saved = JSON.parse(readFileSync(model, 'utf8'));
    expect(saved.schema.classes).toEqual(['<=50K', '>50K']);
    // validation AUC on held-out rows is what a GBDT reaches on Adult
    const auc = saved.booster.evalHistory.valid.auc;
    expect(Math.max(...auc)).toBeGreaterThan(0.85);
  });

  test('predict writes one line per row with class probabilities', async () => {
    const rows = join(dir, 'rows.csv');
    writeFileSync(rows, [header, ...adultRows.slice(0, 5), adultRows[7].replace('Private', 'Martian')].join('\n'));
    const preds = join(dir, 'pred.csv');
    expect(await command.run(['predict', model, rows, '-o', preds])).toBe(0);
    const lines = readFileSync(preds, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('prediction,proba_<=50K,proba_>50K');
    expect(lines).toHaveLength(7);
    for (const l of lines.slice(1)) {
      const [label, p0, p1] = l.split(',');
      expect(['<=50K', '>50K']).toContain(label);
      expect(Number(p0) + Number(p1)).toBeCloseTo(1, 5);
    }
  });

  test('explain prints SHAP contributions that add up to the prediction', async () => {
    const rows = join(dir, 'one.csv');
    writeFileSync(rows, [header, adultRows[0]].join('\n'));
    expect(await command.run(['explain', model, rows, '--top', '14', '--json'])).toBe(0);
    const r = JSON.parse(out).rows[0];
    const sum = r.contributions.reduce((s: number, c: { phi: number }) => s + c.phi, r.expectedValue);
    expect(sum).toBeCloseTo(r.prediction, 8);
    out = '';
    await command.run(['explain', model, rows, '--top', '3']);
    expect(out).toMatch(/^row 1 \(class >50K, raw score\): expected value -?\d/);
    expect(out.trim().split('\n')).toHaveLength(4);
  });

  test('clear errors: non-numeric value, missing target, constant target, empty file', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'age,city,y\n30,Paris,1\nthirty,Rome,0\n');
    await expect(command.run(['train', bad, '--target', 'y'])).rejects.toThrow(
      `${bad}:3: column 'age': not a number: "thirty"`,
    );
    await expect(command.run(['train', bad, '--target', 'y', '--drop', 'age'])).rejects.toThrow(
      `${bad}:2: column 'city': not a number: "Paris"`,
    );
    await expect(command.run(['train', data, '--target', 'salary'])).rejects.toThrow(/no column 'salary'/);
    const flat = join(dir, 'flat.csv');
    writeFileSync(flat, 'x,y\n1,a\n2,a\n');
    await expect(command.run(['train', flat, '--target', 'y'])).rejects.toThrow(/target column 'y' is constant \("a"\)/);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await expect(command.run(['train', empty, '--target', 'y'])).rejects.toThrow(`${empty}: empty file`);
    writeFileSync(empty, 'x,y\n');
    await expect(command.run(['train', empty, '--target', 'y'])).rejects.toThrow(`${empty}: no data rows`);
    await expect(command.run(['train', data])).rejects.toThrow(UsageError);
    await expect(command.run(['train', data, '--target', 'income', '--n-estimators', 'many'])).rejects.toThrow(
      /--n-estimators expects a number/,
    );
    await expect(command.run(['train', data, '--target', 'income', '--threads', '0'])).rejects.toThrow(
      /--threads expects a positive integer, got 0/,
    );
    await expect(command.run(['fit'])).rejects.toThrow(/unknown sub-command 'fit'/);
    expect(existsSync(join(dir, 'model.json'))).toBe(true);
  });

  test('--threads 2 trains the same model as one thread', async () => {
    const models = ['1', '2'].map((t) => join(dir, `threads-${t}.json`));
    for (const [t, file] of models.entries())
      await command.run(['train', data, '--target', 'income', '--categorical', categorical, '--n-estimators', '5',
        '--threads', String(t + 1), '--quiet', '-o', file]);
    const [one, two] = models.map((f) => JSON.parse(readFileSync(f, 'utf8')));
    expect(two.booster.trees.length).toBe(5);
    expect(two).toEqual(one);
  });
});
