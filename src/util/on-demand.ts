import { createRequire } from "node:module";
import type * as AjvModule from "./ajv";
import type * as ChildProcess from "node:child_process";
import type * as Zlib from "node:zlib";

// Modules a run loads only when it uses them (issue 16 target 5: a one-file lint should cost
// little more than starting Node). Each is required synchronously at its first use, so the
// functions that use them stay synchronous.
//
// In the CommonJS bundle `require` is the bundle's own (resolving beside dist/trustlint-cli.cjs),
// and import.meta.url is undefined (scripts/build.mjs); under tsx the sources are ES modules
// and a require is made from this file's URL.
const bundled = import.meta.url === undefined;
const load: NodeJS.Require = bundled ? require : createRequire(import.meta.url);

/** Ajv: dist/trustlint-ajv.cjs in the bundle, the package itself from the sources. */
export function ajvModule(): typeof AjvModule {
  return (bundled ? load("./trustlint-ajv.cjs") : load("ajv")) as typeof AjvModule;
}

/** node:child_process (renders only: about 3 ms of Node's own modules at start). */
export function childProcess(): typeof ChildProcess {
  return load("node:child_process") as typeof ChildProcess;
}

/** node:zlib (gzip user data and packaged charts only). */
export function zlib(): typeof Zlib {
  return load("node:zlib") as typeof Zlib;
}
