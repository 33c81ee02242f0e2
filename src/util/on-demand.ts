import { createRequire } from "node:module";
import type * as AjvModule from "./ajv";
import type * as YamlModule from "./yaml";
import type * as ChildProcess from "node:child_process";
import type * as Crypto from "node:crypto";
import type * as V8 from "node:v8";
import type * as WorkerThreads from "node:worker_threads";
import type * as Zlib from "node:zlib";

// Modules a run loads only when it uses them (issue 16 target 5: a one-file lint should cost
// little more than starting Node). Each is required synchronously at its first use, so the
// functions that use them stay synchronous; a module is kept once loaded (Node's require would
// resolve its path again on every call).
//
// In the CommonJS bundle `require` is the bundle's own (resolving beside dist/trustlint-cli.cjs),
// and import.meta.url is undefined (scripts/build.mjs); under tsx the sources are ES modules
// and a require is made from this file's URL.
const bundled = import.meta.url === undefined;
const load: NodeJS.Require = bundled ? require : createRequire(import.meta.url);

/** Ajv: dist/trustlint-ajv.cjs in the bundle, the package itself from the sources. */
export function ajvModule(): typeof AjvModule {
  return (ajv ??= (bundled ? load("./trustlint-ajv.cjs") : load("ajv")) as typeof AjvModule);
}
let ajv: typeof AjvModule | undefined;

/** The `yaml` package: dist/trustlint-yaml.cjs in the bundle, the package itself from the sources. */
export function yamlModule(): typeof YamlModule {
  return (yaml ??= (bundled ? load("./trustlint-yaml.cjs") : load("yaml")) as typeof YamlModule);
}
let yaml: typeof YamlModule | undefined;

/** node:child_process (renders only: about 3 ms of Node's own modules at start). */
export function childProcess(): typeof ChildProcess {
  return (childProcessModule ??= load("node:child_process") as typeof ChildProcess);
}
let childProcessModule: typeof ChildProcess | undefined;

/**
 * node:crypto (certificates, output files' temporary names: about 7 ms at start, 17 of Node's
 * internal modules). Fingerprints use src/util/sha256.ts.
 */
export function crypto(): typeof Crypto {
  return (cryptoModule ??= load("node:crypto") as typeof Crypto);
}
let cryptoModule: typeof Crypto | undefined;

/** node:worker_threads and node:v8 (the worker and its supervisor only: about 5 ms at start). */
export function workerThreads(): typeof WorkerThreads {
  return (workerThreadsModule ??= load("node:worker_threads") as typeof WorkerThreads);
}
let workerThreadsModule: typeof WorkerThreads | undefined;

export function v8(): typeof V8 {
  return (v8Module ??= load("node:v8") as typeof V8);
}
let v8Module: typeof V8 | undefined;

/** node:zlib (gzip user data and packaged charts only). */
export function zlib(): typeof Zlib {
  return (zlibModule ??= load("node:zlib") as typeof Zlib);
}
let zlibModule: typeof Zlib | undefined;
