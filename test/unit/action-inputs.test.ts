import { deepStrictEqual, throws } from "node:assert/strict";
import { cliArgs, readInputs, splitArgs } from "../../src/action/inputs";

describe("GitHub Action inputs", () => {
  it("reads INPUT_<NAME> as the runner sets it (hyphens kept) and builds the trustlint command line", () => {
    const inputs = readInputs({
      "INPUT_TARGET": " charts/web\n  k8s/overlays/prod ",
      "INPUT_VALUES": "charts/web/values.yaml\ncharts/web/values-prod.yaml, charts/web/values-eu.yaml\n",
      "INPUT_FAIL-LEVEL": "warning",
      "INPUT_SARIF-FILE": "out/trustlint.sarif",
      "INPUT_ARGS": `--set image.tag=1.2.3 --set-string 'labels.team=a b' --kube-version "1.31.0"`,
    });
    deepStrictEqual(cliArgs(inputs), [
      "--values", "charts/web/values.yaml",
      "--values", "charts/web/values-prod.yaml",
      "--values", "charts/web/values-eu.yaml",
      "--fail-level", "warning",
      "--format", "sarif", "--output", "out/trustlint.sarif",
      "--format", "github",
      "--format", "stylish",
      "--set", "image.tag=1.2.3", "--set-string", "labels.team=a b", "--kube-version", "1.31.0",
      "--", "charts/web", "k8s/overlays/prod",
    ]);
  });

  it("defaults the fail level and SARIF path as action.yml does, and refuses an empty target", () => {
    const inputs = readInputs({ INPUT_TARGET: "." });
    deepStrictEqual([inputs.failLevel, inputs.sarifFile, inputs.values, inputs.args], ["error", "trustlint.sarif", [], []]);
    throws(() => readInputs({ INPUT_TARGET: "  " }), /`target` input is empty/);
  });

  it("splits arguments like a shell: quotes, escapes, empty quoted words; never runs one", () => {
    deepStrictEqual(splitArgs(`a "b c" 'd "e"' f\\ g "h\\"i" '' $(x)`), ["a", "b c", 'd "e"', "f g", 'h"i', "", "$(x)"]);
    throws(() => splitArgs(`--set 'a=b`), /unclosed ' quote/);
  });
});
