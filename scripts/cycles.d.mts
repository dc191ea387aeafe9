// Types of scripts/cycles.mjs, so TypeScript tests can call the cycle finder.
export function stripComments(src: string): string;
export function parseImports(src: string): string[];
export function resolveSpecifier(fromFile: string, spec: string): string | undefined;
export function buildGraph(roots: readonly string[]): {
  graph: Map<string, Set<string>>;
  unresolved: { file: string; spec: string }[];
};
export function stronglyConnected(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][];
export function cyclesOf(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][];
export function findCycles(roots: readonly string[], base?: string): {
  modules: number;
  cycles: string[][];
  unresolved: { file: string; spec: string }[];
};
