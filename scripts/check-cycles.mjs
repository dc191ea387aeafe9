#!/usr/bin/env node
// CLI: fail (exit 1) when any import cycle exists among the modules of src/ and laws/.
// Usage: node scripts/check-cycles.mjs [root ...]   (roots default to src and laws, relative to cwd)
import { findCycles } from './cycles.mjs';

const roots = process.argv.length > 2 ? process.argv.slice(2) : ['src', 'laws'];
const { modules, cycles, unresolved } = findCycles(roots);

for (const { file, spec } of unresolved) console.warn(`warning: ${file}: cannot resolve '${spec}'`);
if (cycles.length > 0) {
  console.error(`${cycles.length} import cycle(s) among ${modules} modules:`);
  for (const c of cycles) console.error(`  ${c.join(' -> ')}`);
  process.exit(1);
}
console.log(`no import cycles among ${modules} modules`);
