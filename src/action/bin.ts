// The GitHub Action's entry (action.yml runs.main), bundled into dist/action.cjs.
import { runActionProcess } from "./main";

runActionProcess();
