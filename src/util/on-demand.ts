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

/**
 * An accessor that requires a module at its first call and keeps it. `bundleFile` is the file of
 * the bundle that holds it (beside dist/trustlint-cli.cjs; see scripts/build.mjs); without one,
 * or from the sources, the specifier itself is required.
 */
function onDemand<T>(specifier: string, bundleFile?: string): () => T {
  let module: T | undefined;
  return () => (module ??= load(bundled && bundleFile !== undefined ? bundleFile : specifier) as T);
}

/** Ajv: config files and rule options. */
export const ajvModule = /* @__PURE__ */ onDemand<typeof AjvModule>("ajv", "./trustlint-ajv.cjs");

/** The `yaml` package: config files and cloud-config user data. */
export const yamlModule = /* @__PURE__ */ onDemand<typeof YamlModule>("yaml", "./trustlint-yaml.cjs");

/** node:child_process: renders (about 3 ms of Node's own modules at start). */
export const childProcess = /* @__PURE__ */ onDemand<typeof ChildProcess>("node:child_process");

/**
 * node:crypto: certificates and output files' temporary names (about 7 ms at start, 17 of Node's
 * internal modules). Fingerprints use src/util/sha256.ts.
 */
export const crypto = /* @__PURE__ */ onDemand<typeof Crypto>("node:crypto");

/** node:worker_threads and node:v8: the worker and its supervisor only (about 5 ms at start). */
export const workerThreads = /* @__PURE__ */ onDemand<typeof WorkerThreads>("node:worker_threads");
export const v8 = /* @__PURE__ */ onDemand<typeof V8>("node:v8");

/** node:zlib: gzip user data and packaged charts. */
export const zlib = /* @__PURE__ */ onDemand<typeof Zlib>("node:zlib");
