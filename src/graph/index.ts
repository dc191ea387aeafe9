// Graphs: an immutable graph value (edge index src → dst, optional weights and node features), the
// structural transforms layers need, batching, JSON decoding, and the Cora and MUTAG data sets.
// On Node: the portable part (portable.ts) and the data sets' files.
export * from './portable.js';
export { loadCora, loadCoraEither, CORA_COUNTS, type Cora, type CoraSplit } from './cora.js';
export { loadMutag, loadMutagEither, oneHotNodeLabels, MUTAG_COUNTS, type Mutag, type MutagGraph } from './mutag.js';
export { loadKarate, loadKarateEither, KARATE_COUNTS, KARATE_FACTIONS, type Karate, type KarateSplit, type Faction } from './karate.js';
