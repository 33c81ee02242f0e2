#!/usr/bin/env node
// trustlint as a Helm post-renderer (the install gate): `trustlint --post-renderer`, runnable as
// one executable because Helm 3 takes a path (`--post-renderer <this file>`) and the Helm 4
// plugin beside it runs this file. It loads the committed bundle one directory up through this
// file's real path: Helm hands a plugin its symlinked directory, and Node would resolve
// "<symlink>/../dist" lexically, missing the bundle.
"use strict";
process.argv.splice(2, 0, "--post-renderer");
require(require("node:path").join(__dirname, "..", "dist", "trustlint.cjs"));
