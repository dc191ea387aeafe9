// Types of scripts/subpaths.mjs.
export const SUBPATHS: readonly (readonly [subpath: string, dir: string])[];
export const UNPUBLISHED: readonly string[];
export function built(source: string, ext: string): string;
