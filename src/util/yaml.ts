// The `yaml` package (about 250 KB of the bundle) reads a config file and cloud-config user data
// with their lines; a run with neither never needs it (js-yaml reads the manifests). In the bundle
// it is a file of its own (dist/trustlint-yaml.cjs, scripts/build.mjs), loaded on first use
// through src/util/on-demand.ts (issue 16 target 5).
export { LineCounter, isMap, isScalar, isSeq, parseDocument } from "yaml";
