// The baseline of `npm run bench`: what reading the YAML costs. A fresh Node process reads the
// file and runs a bare js-yaml loadAll over it, nothing else; bench/run.ts measures the process's
// CPU time, wall time and peak memory from outside, exactly as it measures trustlint.
import { readFileSync } from "node:fs";
import { loadAll } from "js-yaml";

const docs = loadAll(readFileSync(process.argv[2], "utf8"));
if (docs.length === 0) process.exit(3);
