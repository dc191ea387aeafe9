export { encodePng, writePng, blank, setPixel, type Image } from './png.js';
export { lineChart, imageGrid, type Series } from './plot.js';
export { drawText } from './font.js';
