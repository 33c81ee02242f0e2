// Bounds for hostile input, per document: nesting depth and alias count (aliases.ts bounds
// what they expand to). Real manifests nest a few dozen levels; CRD schemas under a hundred.
export const MAX_DEPTH = 1000;
export const MAX_ALIASES = 10_000;
