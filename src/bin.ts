// The `trustlint` command: the entry of dist/trustlint.cjs. The CLI itself is bundled into its
// own file (dist/trustlint-cli.cjs, see scripts/build.mjs) and loaded only for a real run.
import pkg from "../package.json";
import type * as Cli from "./cli/main";

const argv = process.argv.slice(2);
// `--version` needs nothing but the version: answering it before the CLI's code is even
// compiled keeps it close to a bare `node -e 0` (bench/run.ts measures it).
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${pkg.version}\n`);
} else {
  // In the CommonJS bundle, a plain require of the CLI file (no ES module loader to start);
  // under tsx, the sources as ES modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load of the bundle's second file
  const cli = typeof require === "function" ? Promise.resolve(require("./cli/main") as typeof Cli) : import("./cli/main");
  void cli.then((c) => c.runProcess());
}
