// Scatter plots of 2-D points side by side, one panel per snapshot, on the viz PNG primitives:
// enough to watch node embeddings move during training without a plotting library.
import { blank, drawText, setPixel, type Image } from '../../src/viz/index.js';
import { textWidth } from '../../src/viz/font.js';

type Rgb = readonly [number, number, number];

export interface Point {
  readonly x: number;
  readonly y: number;
  readonly rgb: Rgb;
  /** Drawn with a black ring (e.g. the labelled nodes). */
  readonly marked?: boolean;
  /** Written beside the point in its colour (the viz font: digits, capitals A–Z, '.', '-', '%'). */
  readonly label?: string;
}

export interface Panel {
  /** Drawn above the panel; the viz font has digits, capitals A–Z, '.', '-', 'e', '%' and space only. */
  readonly label: string;
  readonly points: readonly Point[];
}

/** A filled disc of radius r, or a ring when `inner` > 0 leaves a hole of that radius. */
const disc = (img: Image, cx: number, cy: number, r: number, rgb: Rgb, inner = 0): void => {
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) {
    const d2 = dx * dx + dy * dy;
    if (d2 <= r * r && d2 >= inner * inner) setPixel(img, cx + dx, cy + dy, rgb);
  }
};

/** Panels of `side` × `side` pixels in a row, each scaled to its own points' extent (so the layout, not the scale, is compared). */
export const scatterPanels = (panels: readonly Panel[], side = 240): Image => {
  const gap = 10, top = 24, pad = 12;
  const img = blank(panels.length * (side + gap) + gap, side + top + gap);
  panels.forEach((panel, i) => {
    const ox = gap + i * (side + gap), oy = top;
    drawText(img, panel.label, ox, 6);
    for (let k = 0; k < side; k++) for (const [x, y] of [[ox + k, oy], [ox + k, oy + side - 1], [ox, oy + k], [ox + side - 1, oy + k]]) setPixel(img, x, y, [170, 170, 170]);
    const xs = panel.points.map((p) => p.x), ys = panel.points.map((p) => p.y);
    const x0 = Math.min(...xs), y0 = Math.min(...ys), sx = Math.max(...xs) - x0 || 1, sy = Math.max(...ys) - y0 || 1;
    // marked points last, so their rings stay visible
    for (const p of [...panel.points].sort((a, b) => Number(a.marked ?? false) - Number(b.marked ?? false))) {
      const px = Math.round(ox + pad + ((side - 2 * pad) * (p.x - x0)) / sx), py = Math.round(oy + side - pad - ((side - 2 * pad) * (p.y - y0)) / sy);
      if (p.marked) disc(img, px, py, 8, [0, 0, 0], 5);
      disc(img, px, py, 4, p.rgb);
      if (p.label !== undefined) {
        // right of the point, or left of it where the panel's edge would cut the label
        const w = textWidth(p.label), right = px + 7 + w <= ox + side - 2;
        drawText(img, p.label, right ? px + 7 : px - 7 - w, py - 5, p.rgb);
      }
    }
  });
  return img;
};
