// Where the filters page gets pixels: an uploaded file (decoded by the browser) or a generated
// sample. Large photos are scaled down so every kernel edit re-filters within a frame or two.

/** The longest side the page filters; a 12-megapixel photo becomes about 320×240. */
export const MAX_SIDE = 320;

/** Thrown for a file the browser cannot decode as an image; the page shows its own message. */
export class NotAnImageError extends Error {}

/** Decodes an image file and scales it to fit MAX_SIDE. Rejects with NotAnImageError for anything else. */
export async function imageFromFile(file: File): Promise<ImageData> {
  // the type is only a hint (it comes from the file name); decoding is the real test
  if (file.type && !file.type.startsWith('image/')) throw new NotAnImageError(file.type);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new NotAnImageError(file.type || file.name);
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const [w, h] = [Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale))];
  const c = new OffscreenCanvas(w, h);
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#fff'; // transparent PNGs on white, as they look on the page
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  return ctx.getImageData(0, 0, w, h);
}

/** A sample with flat areas, straight and curved edges, a gradient and fine detail: each filter shows something on it. */
export function sampleImage(): ImageData {
  const [w, h] = [240, 160];
  const c = new OffscreenCanvas(w, h);
  const ctx = c.getContext('2d')!;
  const sky = ctx.createLinearGradient(0, 0, 0, h);
  sky.addColorStop(0, '#9cc9f0');
  sky.addColorStop(1, '#f4efe2');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#f2b705';
  ctx.beginPath();
  ctx.arc(190, 40, 22, 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = '#2f6b3a';
  ctx.beginPath();
  ctx.moveTo(0, 130);
  ctx.lineTo(70, 60);
  ctx.lineTo(140, 130);
  ctx.closePath();
  ctx.fill();
  ctx.fillStyle = '#7a3b1d';
  ctx.fillRect(120, 95, 70, 50);
  ctx.fillStyle = '#e9e4d8';
  ctx.fillRect(135, 110, 16, 16);
  ctx.fillStyle = '#222';
  ctx.font = 'bold 18px sans-serif';
  ctx.fillText('Perceptio', 8, 155);
  return ctx.getImageData(0, 0, w, h);
}
