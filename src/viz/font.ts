// A 3×5 bitmap font for digits, capitals and a few symbols: axis labels and point labels on plots
// without a font library.
import { setPixel, type Image } from './png.js';

const GLYPHS: Record<string, string> = {
  '0': '111101101101111', '1': '010110010010111', '2': '111001111100111', '3': '111001111001111',
  '4': '101101111001001', '5': '111100111001111', '6': '111100111101111', '7': '111001001001001',
  '8': '111101111101111', '9': '111101111001111', '.': '000000000000010', '-': '000000111000000',
  'e': '000111101110011', '%': '101001010100101', ' ': '000000000000000',
  // capitals, for labels (words on a scatter plot); O is narrower than 0
  'A': '010101111101101', 'B': '110101110101110', 'C': '011100100100011', 'D': '110101101101110',
  'E': '111100110100111', 'F': '111100110100100', 'G': '011100101101011', 'H': '101101111101101',
  'I': '111010010010111', 'J': '001001001101010', 'K': '101101110101101', 'L': '100100100100111',
  'M': '101111111101101', 'N': '110101101101101', 'O': '010101101101010', 'P': '110101110100100',
  'Q': '010101101110011', 'R': '110101110101101', 'S': '011100010001110', 'T': '111010010010010',
  'U': '101101101101111', 'V': '101101101101010', 'W': '101101111111101', 'X': '101101010101101',
  'Y': '101101010010010', 'Z': '111001010100111',
};

/** Draws text (digits, capitals A–Z, '.', '-', 'e', '%'; anything else as a space) with its top-left corner at (x, y), `scale` pixels per font dot. */
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
