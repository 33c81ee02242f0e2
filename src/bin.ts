// The `trustlint` command (bundled into dist/trustlint.cjs).
import pkg from "../package.json";

const argv = process.argv.slice(2);
// `--version` needs nothing but the version: answering it before the CLI's modules are even
// evaluated keeps it within twice a bare `node -e 0` (bench/run.ts measures it).
if (argv.length === 1 && argv[0] === "--version") {
  process.stdout.write(`${pkg.version}\n`);
} else {
  void import("./cli/main").then((cli) => cli.runProcess());
}
