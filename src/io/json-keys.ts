// Duplicate keys in JSON text. JSON.parse keeps the last of two equal keys without a word, so a
// header naming a tensor twice would decode with one of them silently dropped. This scanner finds
// them: one pass, no recursion (any nesting depth), keys compared after unescaping ("a" = "\u0061").

/** A key that occurs twice in one object, and the keys / array indices of the objects around it. */
export interface DuplicateKey {
  readonly key: string;
  readonly path: readonly string[];
}

interface Frame {
  readonly kind: 'object' | 'array';
  readonly label: string | undefined; // key or index in the parent; undefined for the top value
  readonly keys: Set<string>;
  expectKey: boolean; // object: the next string is a key (after `{` and `,`)
  last: string; // object: the latest key; array: the current index
}

/**
 * The first duplicate key in `json` at any object level, or undefined. Meant for text JSON.parse has
 * accepted; on other text it still returns (never throws), with an unspecified answer.
 */
export const findDuplicateKey = (json: string): DuplicateKey | undefined => {
  const stack: Frame[] = [];
  const top = (): Frame | undefined => stack[stack.length - 1];
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      const end = stringEnd(json, i);
      const frame = top();
      if (frame?.kind === 'object' && frame.expectKey) {
        const key = unescape(json.slice(i, end + 1));
        if (frame.keys.has(key)) return { key, path: pathOf(stack) };
        frame.keys.add(key);
        frame.last = key;
        frame.expectKey = false;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      const parent = top();
      stack.push({ kind: c === '{' ? 'object' : 'array', label: parent?.last, keys: new Set(), expectKey: c === '{', last: '0' });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const frame = top();
      if (frame?.kind === 'object') frame.expectKey = true;
      else if (frame) frame.last = String(Number(frame.last) + 1);
    }
  }
  return undefined;
};

/** Index of the quote closing the string that opens at `start` (or the last index, if unclosed). */
const stringEnd = (json: string, start: number): number => {
  for (let j = start + 1; j < json.length; j++) {
    if (json[j] === '\\') j++;
    else if (json[j] === '"') return j;
  }
  return json.length - 1;
};

const unescape = (literal: string): string => {
  try {
    const v: unknown = JSON.parse(literal);
    return typeof v === 'string' ? v : literal;
  } catch {
    return literal; // only on text JSON.parse would reject as a whole
  }
};

/** Labels of the enclosing containers, outermost first (the top-level value has none). */
const pathOf = (stack: readonly Frame[]): string[] =>
  stack.slice(1).map((f) => f.label ?? '');
