// The lecture's example: gradient descent learns price = 2.5·area + 4.1·river + 10·road.
// Run: npx vite-node examples/land-price.ts
import { landPriceExample } from '../src/linear/index.js';

landPriceExample();
