// The `trustlint` command: the entry of dist/trustlint.cjs. The CLI itself is bundled into its
// own file (dist/trustlint-cli.cjs, see scripts/build.mjs) and loaded only for a real run: in a
// worker thread, so that this thread stays free to act on SIGINT and SIGTERM at once
// (src/cli/supervise.ts), or, for a run too small to need that, on this thread
// (src/cli/thread-choice.ts).
import { join } from "node:path";
import pkg from "../package.json";
import { inSupervisedWorker, supervise } from "./cli/supervise";
import { runsOnMainThread } from "./cli/thread-choice";

const argv = process.argv.slice(2);
// The CLI beside this file (the CommonJS bundle), loaded through the V8 code cache. The cache's
// code (node:crypto, node:vm) is evaluated only here, so that `--version` stays as small as it was.
const runBundledCli = () =>
  void import("./cli/code-cache").then((cache) => (cache.requireWithCodeCache(join(__dirname, "trustlint-cli.cjs")) as { runProcess(): void }).runProcess());
// `--version` needs nothing but the version: answering it before the CLI's code is even
// compiled keeps it close to a bare `node -e 0` (bench/run.ts measures it).
if (inSupervisedWorker()) {
  // The worker supervise() started below (the CommonJS bundle only).
  runBundledCli();
} else if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${pkg.version}\n`);
} else if (runsOnMainThread(argv, process.cwd())) {
  if (typeof __dirname === "string") runBundledCli();
  else void import("./cli/main").then((cli) => cli.runProcess());
} else if (typeof __dirname === "string") {
  // The CommonJS bundle: the CLI is the file beside this one.
  supervise(`require(${JSON.stringify(__filename)});`);
} else {
  // The TypeScript sources under tsx: the worker registers tsx itself (a worker does not inherit
  // the loader hooks), then loads the CLI as an ES module.
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const cli = JSON.stringify(new URL("./cli/main.ts", import.meta.url).href);
  supervise(`import(${tsx}).then((t) => t.register()).then(() => import(${cli})).then((c) => c.runProcess());`);
}
