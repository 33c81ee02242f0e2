// globby and fast-glob, about 250 KB of the bundle, are needed only to search a directory or to
// expand a pattern; a lint of named files never calls them. Importers load this module with
// `await import("../util/globby")`: in the bundle it is a file of its own
// (dist/trustlint-globby.cjs, scripts/build.mjs), read on first use (issue 16 target 5).
export { globby, isDynamicPattern } from "globby";
