// The lecture's claim on a real table: gradient boosting against a neural network on UCI Adult.
// Run: npx vite-node examples/adult-boost-vs-mlp.ts
import { compareOnAdult } from '../bench/adult-mlp.js';

console.log('| model | train s | test accuracy | test AUC |\n| --- | ---: | ---: | ---: |');
for (const r of compareOnAdult())
  console.log(`| ${r.model} | ${r.seconds.toFixed(1)} | ${(r.accuracy * 100).toFixed(2)}% | ${r.auc.toFixed(4)} |`);
