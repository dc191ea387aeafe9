// A 3×5 bitmap font for digits and a few symbols: axis labels on plots without a font library.
import { setPixel, type Image } from './png.js';

const GLYPHS: Record<string, string> = {
  '0': '111101101101111', '1': '010110010010111', '2': '111001111100111', '3': '111001111001111',
  '4': '101101111001001', '5': '111100111001111', '6': '111100111101111', '7': '111001001001001',
  '8': '111101111101111', '9': '111101111001111', '.': '000000000000010', '-': '000000111000000',
  'e': '000111101110011', '%': '101001010100101', ' ': '000000000000000',
};

/** Draws text (digits, '.', '-', 'e', '%') with its top-left corner at (x, y), `scale` pixels per font dot. */
export const drawText = (img: Image, text: string, x: number, y: number, rgb: readonly [number, number, number] = [0, 0, 0], scale = 2): void => {
  let cx = x;
  for (const ch of text) {
    const g = GLYPHS[ch] ?? GLYPHS[' '];
    for (let r = 0; r < 5; r++) for (let c = 0; c < 3; c++)
      if (g[r * 3 + c] === '1') for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) setPixel(img, cx + c * scale + dx, y + r * scale + dy, rgb);
    cx += 4 * scale;
  }
};

export const textWidth = (text: string, scale = 2): number => text.length * 4 * scale;
