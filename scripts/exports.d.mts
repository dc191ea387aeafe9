// Types of scripts/exports.mjs, so TypeScript tests can compare package.json with the generated map.
export type ExportEntry = { readonly types: string; readonly import: string };
export type ExportTarget = ExportEntry | { readonly browser: ExportEntry; readonly node: ExportEntry; readonly default: ExportEntry } | string;
export function exportsMap(base?: string): Record<string, ExportTarget>;
