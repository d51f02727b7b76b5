// npm run bench [-- name [args…]]: runs the side-by-side benchmarks from the sources (vite-node),
// one process each so one's threads and memory do not disturb the next.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const all = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.ts') && !['boost-data.ts', 'torch.ts', 'harness.ts'].includes(f))
  .map((f) => f.replace(/\.ts$/, ''));
const [name, ...args] = process.argv.slice(2);
if (name && !all.includes(name)) {
  console.error(`bench: unknown benchmark '${name}' (have: ${all.join(', ')})`);
  process.exit(2);
}
for (const b of name ? [name] : all) {
  console.log(`\n## bench/${b}.ts\n`);
  const r = spawnSync('npx', ['vite-node', `bench/${b}.ts`, '--', ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
