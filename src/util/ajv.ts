// Ajv (about 250 KB of the bundle) checks a config file and rule options; a run with neither
// never needs it. In the bundle it is a file of its own (dist/trustlint-ajv.cjs,
// scripts/build.mjs), loaded on first use through src/util/on-demand.ts (issue 16 target 5).
export { Ajv } from "ajv";
