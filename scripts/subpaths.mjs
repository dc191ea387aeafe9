// The package's public entry points, one line each: the subpath and its folder. A folder with a
// portable.ts has two entries, chosen by package.json "exports" conditions: index.ts on Node (the
// `node` condition) and portable.ts everywhere else (browsers, bundlers, workers); a folder
// without one has index.ts for all. `node scripts/exports.mjs --write` turns this list into
// package.json's "exports" (and `--check` fails when they differ).
export const SUBPATHS = [
  ['.', 'src'],
  ['./laws', 'laws'],
  ['./nn', 'src/nn'],
  ['./optim', 'src/optim'],
  ['./losses', 'src/losses'],
  ['./train', 'src/train'],
  ['./data', 'src/data'],
  ['./io', 'src/io'],
  ['./viz', 'src/viz'],
  ['./graph', 'src/graph'],
  ['./embeddings', 'src/embeddings'],
  ['./text', 'src/text'],
  ['./ops', 'src/ops'],
  ['./random', 'src/random'],
  ['./games', 'src/games'],
  ['./gan', 'src/gan'],
  ['./signal', 'src/signal'],
];

/**
 * Folders of src/ with an index.ts that the package does not publish yet (being written). To publish
 * one, move it into SUBPATHS as a line like the others (and give it a portable.ts if it has Node
 * parts); tests/package/exports.test.ts fails for a folder that is in neither list.
 */
export const UNPUBLISHED = [];

/** Where the build puts the JavaScript and declarations of a source file (tsconfig.build.json: rootDir '.', outDir 'dist'). */
export const built = (source, ext) => `./dist/${source.replace(/\.ts$/, ext)}`;
