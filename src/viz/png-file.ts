// PNG files (Node): encodePng's bytes written to a path.
import { writeFileSync } from 'node:fs';
import { encodePng, type Image } from './png.js';

/** Writes `img` as a PNG file at `path`. */
export const writePng = (path: string, img: Image): void => writeFileSync(path, encodePng(img));
