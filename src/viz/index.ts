export { encodePng, writePng, blank, setPixel, type Image } from './png.js';
export { lineChart, imageGrid, PALETTE, PALETTE_NAMES, type Series } from './plot.js';
export { drawText } from './font.js';
