// The k best-scoring rows of a score array, best first, in O(n log k): a min-heap of the k best so far.
// Ties go to the lower row, so the answer does not depend on the order of the work.

/** Whether row a (score sa) ranks below row b (score sb). */
const worse = (sa: number, a: number, sb: number, b: number): boolean => sa < sb || (sa === sb && a > b);

/**
 * The rows `i` with `keep(i)` of the k highest `scores[i]`, best first (ties: lower row first).
 * Fewer than k when fewer rows are kept.
 */
export function topK(scores: Float64Array, k: number, keep: (i: number) => boolean): number[] {
  const heap: number[] = []; // rows; heap[0] is the worst of those kept so far
  const less = (x: number, y: number): boolean => worse(scores[heap[x]], heap[x], scores[heap[y]], heap[y]);
  const swap = (x: number, y: number): void => { const t = heap[x]; heap[x] = heap[y]; heap[y] = t; };
  const down = (from: number): void => {
    for (let x = from; ;) {
      const l = 2 * x + 1, r = l + 1;
      let m = x;
      if (l < heap.length && less(l, m)) m = l;
      if (r < heap.length && less(r, m)) m = r;
      if (m === x) return;
      swap(x, m);
      x = m;
    }
  };
  for (let i = 0; i < scores.length; i++) {
    if (!keep(i)) continue;
    if (heap.length < k) {
      heap.push(i);
      for (let x = heap.length - 1; x > 0;) {
        const p = (x - 1) >> 1;
        if (!less(x, p)) break;
        swap(x, p);
        x = p;
      }
    } else if (k > 0 && worse(scores[heap[0]], heap[0], scores[i], i)) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((a, b) => (worse(scores[a], a, scores[b], b) ? 1 : -1));
}
