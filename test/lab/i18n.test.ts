// The lab's dictionaries: English and Russian have the same keys and the same {placeholders},
// and every key the lab's code asks for exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const lab = fileURLToPath(new URL('../../lab/', import.meta.url));
const en: Record<string, string> = JSON.parse(readFileSync(join(lab, 'i18n/en.json'), 'utf8'));
const ru: Record<string, string> = JSON.parse(readFileSync(join(lab, 'i18n/ru.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.ts$/.test(f) ? [p] : [];
  });
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('English and Russian have the same keys', () => {
  expect(Object.keys(ru).filter((k) => !(k in en))).toEqual([]);
  expect(Object.keys(en).filter((k) => !(k in ru))).toEqual([]);
});

test('each translation fills the same placeholders and is not empty', () => {
  for (const k of Object.keys(en)) {
    expect(placeholders(ru[k] ?? ''), k).toEqual(placeholders(en[k]));
    expect(en[k].trim(), k).not.toBe('');
    expect((ru[k] ?? '').trim(), k).not.toBe('');
  }
});

test('every key used in lab/src exists (template keys match at least one)', () => {
  const missing: string[] = [];
  for (const file of sources(join(lab, 'src'))) {
    const code = readFileSync(file, 'utf8');
    // t('key'), t("key"), t(`prefix.${x}`) and the CsvError('key') / header(t, 'id') helpers
    for (const m of code.matchAll(/\b(?:t|CsvError)\(\s*(['"`])([\w.${}()\s]+?)\1/g)) {
      const key = m[2];
      if (!key.includes('${')) {
        if (!(key in en)) missing.push(`${file}: ${key}`);
        continue;
      }
      const re = new RegExp('^' + key.split(/\$\{[^}]*\}/).map((p) => p.replace(/\./g, '\\.')).join('\\w+') + '$');
      if (!Object.keys(en).some((k) => re.test(k))) missing.push(`${file}: ${key}`);
    }
    for (const m of code.matchAll(/\bid: '(\w+)', titleKey: '([\w.]+)'/g))
      for (const k of [m[2], `${m[1]}.intro`, `${m[1]}.try`]) if (!(k in en)) missing.push(`${file}: ${k}`);
  }
  expect(missing).toEqual([]);
});

test('the checker notices a key that does not exist', () => {
  // guards the regular expression above: it must see a plain t('…') call
  const code = "t('no.such.key')";
  const keys = [...code.matchAll(/\b(?:t|CsvError)\(\s*(['"`])([\w.${}()\s]+?)\1/g)].map((m) => m[2]);
  expect(keys).toEqual(['no.such.key']);
});
