// The `trustlint` command (bundled into dist/trustlint.cjs).
import { runProcess } from "./cli/main";

runProcess();
