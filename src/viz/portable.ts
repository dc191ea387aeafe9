// nn-ts/viz anywhere (the browser entry): images, PNG bytes, charts and text. index.ts adds writePng (Node).
export { encodePng, blank, setPixel, type Image } from './png.js';
export { lineChart, imageGrid, PALETTE, PALETTE_NAMES, type Series } from './plot.js';
export { drawText } from './font.js';
