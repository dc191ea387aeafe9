// fastText's subwords (Bojanowski et al. 2017): the character n-grams, minN ≤ n ≤ maxN, of the word
// wrapped in '<' and '>', each hashed (32-bit FNV-1a over its UTF-8 bytes, fastText's `hash`) into
// one of `bucket` rows. Computed as fastText's Dictionary::computeSubwords does: n-grams start at
// character boundaries (never inside a UTF-8 sequence), and one-character n-grams of '<' or '>'
// alone are left out.

const encoder = new TextEncoder();

/** fastText's hash: FNV-1a over the bytes, each byte taken as a signed char (fastText's int8 cast). */
export function fnv1a(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let h = 2166136261;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    h = (h ^ (b >= 128 ? (b | 0xffffff00) >>> 0 : b)) >>> 0;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

const continuation = (b: number) => (b & 0xc0) === 0x80;

/** The bucket of every n-gram of `<word>` (repeats kept, as fastText keeps them), in fastText's order. */
export function subwordBuckets(word: string, minN: number, maxN: number, bucket: number): number[] {
  const bytes = encoder.encode(`<${word}>`);
  const out: number[] = [];
  if (maxN < minN || bucket <= 0) return out;
  for (let i = 0; i < bytes.length; i++) {
    if (continuation(bytes[i])) continue;
    let j = i;
    for (let n = 1; j < bytes.length && n <= maxN; n++) {
      j++;
      while (j < bytes.length && continuation(bytes[j])) j++;
      if (n >= minN && !(n === 1 && (i === 0 || j === bytes.length))) out.push(fnv1a(bytes, i, j) % bucket);
    }
  }
  return out;
}

/** The n-gram strings of `<word>` in the same order as `subwordBuckets` (for inspection and tests). */
export function subwordStrings(word: string, minN: number, maxN: number): string[] {
  const chars = [...`<${word}>`];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++)
    for (let n = 1; n <= maxN && i + n <= chars.length; n++)
      if (n >= minN && !(n === 1 && (i === 0 || i + n === chars.length))) out.push(chars.slice(i, i + n).join(''));
  return out;
}
