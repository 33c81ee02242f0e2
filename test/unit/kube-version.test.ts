import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubeVersionAllows } from "../../src/render/kube-version";
import { TOOLS } from "../support/tools";

/**
 * src/render/kube-version.ts must decide a chart's `kubeVersion:` exactly as
 * `helm template --kube-version=X` does, on Helm 3.18 and Helm 4, or say undefined. A row's
 * `helms: "differ"` says Helm 3.18 (which keeps a kube version's prerelease) and Helm 4 (which
 * drops it) decide it differently: the end-to-end part proves that too.
 */
interface Row {
  readonly constraint: string;
  readonly kube: string;
  readonly want: boolean | undefined;
  readonly helms?: "differ";
}

const row = (constraint: string, kube: string, want: boolean | undefined, helms?: "differ"): Row => ({ constraint, kube, want, ...(helms ? { helms } : {}) });

const ROWS: readonly Row[] = [
  // What charts in the wild say.
  row(">=1.19.0-0", "1.34.0", true),
  row(">=1.19.0-0", "1.18.20", false),
  row(">= 1.21.0-0", "1.21.0", true),
  row(">= 1.21.0-0", "1.20.15", false),
  row(">=1.16.0-0 <1.30.0-0", "1.29.9", true),
  row(">=1.16.0-0 <1.30.0-0", "1.30.0", false),
  row(">=1.16.0-0 <1.30.0-0", "1.15.3", false),
  row("^1.20.0", "1.34.0", true),
  row("^1.20.0", "1.19.9", false),
  row("^1.20.0", "2.0.0", false),
  row("~1.25", "1.25.9", true),
  row("~1.25", "1.26.0", false),
  row("~1.25", "1.24.0", false),
  row(">=1.25.0 || <1.10", "1.9.1", true),
  row(">=1.25.0 || <1.10", "1.20.0", false),
  row(">=1.25.0 || <1.10", "1.34.0", true),
  row("1.2x", "1.25.0", undefined), // Helm refuses it (1.2x.0 is no version): not modelled
  row(">=1.16.0 <1.35.0", "1.34", true), // --kube-version 1.34 is v1.34.0
  row(">=1.34", "v1.34.0", true),
  row(">=1.30.0", "1.34.0+k3s1", true), // build metadata never counts

  // Operators: =, none, !=, >, <, >=, =>, <=, =<, ~, ~>, ^.
  row("1.34.0", "1.34.0", true),
  row("1.34.0", "1.34.1", false),
  row("=1.34.0", "v1.34.0", true),
  row("= 1.34.0", "1.33.0", false),
  row("1.34", "1.34.7", true), // a partial version with no operator is a tilde range
  row("1.34", "1.35.0", false),
  row("!=1.34.0", "1.33.0", true),
  row("!=1.34.0", "1.34", false),
  row("!=1.34", "1.34.5", false),
  row("!=1.34", "1.33.0", true),
  row("!=1", "1.34.0", false),
  row("!=1", "2.0.0", true),
  row("!=1.34-0", "1.34.5", true), // Masterminds: a left-out patch with a prerelease compares the prereleases
  row("!=*", "1.34.0", true), // and * is 0.0.0 with every part left out
  row(">1.33.0", "1.33.1", true),
  row(">1.33", "1.33.9", false), // >1.33 wants a greater minor
  row(">1.33", "1.34.0", true),
  row(">1", "1.34.0", false), // >1 wants a greater major
  row(">1", "2.0.0", true),
  row("<1.30", "1.29.9", true),
  row("<1.30", "1.30.0", false),
  row("<=1.33", "1.33.9", true),
  row("<=1.33", "1.34.0", false),
  row("<=1", "1.99.0", true),
  row("<=1", "2.0.0", false),
  row("=<1.30", "1.30.4", true),
  row("=>1.30", "1.29.0", false),
  row("=>1.30", "1.30.0", true),
  row("~>1.25.3", "1.25.9", true),
  row("~>1.25.3", "1.26.0", false),
  row("~>1.25.3", "1.25.2", false),
  row("~1", "1.34.0", true),
  row("~1", "2.0.0", false),
  row("~1.x", "1.0", true),
  row("~*", "1.34.0", true),
  row("~0", "1.0", false),
  row("^1", "1.0", true),
  row("^1.25", "1.24.9", false),
  row("^0.2", "0.2.5", true),
  row("^0.2", "0.3.0", false),
  row("^0.0.3", "0.0.3", true),
  row("^0.0.3", "0.0.4", false),
  row("^0.0", "0.0.5", true),
  row("^0.0", "0.1.0", false),
  row("^0", "0.9.0", true),
  row("^0", "1.0", false),

  // Wildcards and the v prefix.
  row("1.x", "1.34.0", true),
  row("1.X", "2.0.0", false),
  row("1.34.*", "1.34.3", true),
  row("*", "1.34.0", true),
  row("x", "0.0.5", true),
  row(">*", "1.34.0", true),
  row("<*", "1.34.0", false),
  row("<=*", "1.34.0", false),
  row(">=v1.20", "1.20.0", true),
  row("v1.x", "1.9.1", true),

  // AND by whitespace and/or a comma, OR by ||.
  row(">=1.20,<1.30", "1.25.0", true),
  row(">= 1.20 , < 1.30", "1.25.0", true),
  row(">=1.20, <1.30", "1.30.0", false),
  row(">=1.20\t<1.30", "1.25.0", true),
  row("  >=1.20   <1.30  ", "1.25.0", true),
  row("<1.10 || >=1.20 <1.25 || 1.30.x", "1.30.9", true),
  row("<1.10 || >=1.20 <1.25 || 1.30.x", "1.26.0", false),
  row(">=1.20,,<1.30", "1.25.0", undefined), // Helm refuses these: not modelled
  row(">=1.20,", "1.25.0", undefined),
  row(">=1.20<1.30", "1.25.0", undefined),
  row("> =1.20", "1.25.0", undefined),
  row(">=1.20 | <1.10", "1.25.0", undefined),
  row(" ", "1.25.0", undefined),
  row("", "1.25.0", true), // Helm checks only a non-empty kubeVersion

  // Hyphen ranges: >= the first, <= the second.
  row("1.20 - 1.30", "1.30.9", true),
  row("1.20 - 1.30", "1.31.0", false),
  row("1.20 - 1.30", "1.19.9", false),
  row("1.20.0 - 1.30.0", "1.30.1", false),
  row("1.20 - 1.30 || 1.32 - 1.34", "1.33.0", true),
  row("1.20 - 1.30 || 1.32 - 1.34", "1.31.0", false),
  row("1.20 - 1.30||1.32 - 1.34", "1.33.0", undefined), // a version of Helm's range expression may run into the bars
  row(">=1.20 1.22 - 1.30", "1.25.0", undefined),
  row("1.20 -1.30", "1.25.0", undefined),

  // Prereleases in the constraint, and kube versions with a prerelease (GKE, EKS, release candidates).
  row(">=1.21-0", "1.21.0", true),
  row(">=1.19.0-0", "1.34.0-gke.1", true),
  row(">=1.19.0-0", "1.34.0-0", true),
  row(">=1.30.0-0", "1.30.0-rc.1", true),
  row("<1.30.0-0", "1.30.0-rc.1", false),
  row(">=1.30.0-rc.2", "1.30.0-rc.10", true), // numeric identifiers compare as numbers
  row(">=1.30.0-rc.2 <1.30.0", "1.30.0-rc.10", false),
  row("<1.25.0-0", "1.24.9-eks-1234", true),
  row(">=1.19.0-0 || >=1.30.0", "1.34.0-gke.1", true),
  row(">=1.30.0", "1.34.0-gke.1", undefined, "differ"), // Helm 3.18 refuses a prerelease to a constraint without one
  row(">=1.16.0-0 <1.30.0", "1.25.0-gke.1", undefined, "differ"),
  row("<=1.30.0-beta", "1.30.0-alpha", undefined, "differ"),
  row("!=1.34.0", "1.34.0-rc.1", undefined, "differ"),
  row("*", "1.34.0-gke.1", undefined, "differ"),

  // Kube versions Helm 3.18 and Helm 4 parse differently or refuse, and numbers not modelled.
  row(">=1.0", "1", undefined),
  row(">=1.0", "1.34.0.1", undefined),
  row(">=1.0", "1.34.0gke", undefined),
  row(">=1.0", "01.34.0", undefined),
  row(">=1.0", "1.34.0-gke.01", undefined),
  row(">=1.0", "V1.34.0", undefined),
  row(">=1.0", "", undefined),
  row(">=1.1234567890123456", "1.34.0", undefined),
  row(">=01.20", "1.34.0", undefined),
  row(">=1.20.0-01", "1.34.0", undefined),
];

describe("kubeVersionAllows: a chart's kubeVersion as helm template --kube-version decides it", () => {
  for (const r of ROWS) {
    it(`${JSON.stringify(r.constraint)} with --kube-version ${JSON.stringify(r.kube)}: ${String(r.want)}`, () => {
      assert.equal(kubeVersionAllows(r.constraint, r.kube), r.want);
    });
  }
});

type Outcome = "renders" | "refused" | `fails: ${string}`;

/** `helm template` of a chart with this kubeVersion: rendered, refused for its kubeVersion, or failed for another reason. */
function helmTemplate(bin: string, chart: string, kube: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(bin, ["template", "r", chart, `--kube-version=${kube}`], (error, _stdout, stderr) => {
      if (!error) resolve("renders");
      else if (stderr.includes("chart requires kubeVersion")) resolve("refused");
      else resolve(`fails: ${stderr.trim().split("\n")[0] ?? ""}`);
    });
  });
}

/** The constraints of charts in the wild, each with kube versions around its edges. */
const WILD: readonly string[] = [">=1.19.0-0", ">= 1.21.0-0", "^1.20.0", "~1.25", ">=1.16.0-0 <1.30.0-0", ">=1.22.0-0 <1.35.0", ">=1.25.0 || <1.10", "1.20 - 1.30"];
const WILD_KUBES: readonly string[] = ["1.34.0", "1.30.0", "1.25", "v1.20.0", "1.9.1", "1.34.0-gke.1", "1.30.0-rc.1", "1.28.3+k3s1"];

describe("kubeVersionAllows against real Helm 3.18 and Helm 4", function () {
  this.timeout(300_000);
  let dir: string;
  before(function () {
    if (!existsSync(TOOLS.helm4) || !existsSync(TOOLS.helm3)) this.skip();
    dir = mkdtempSync(join(tmpdir(), "trustlint-kube-version-"));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Both Helms' outcomes for each case, two `helm template` runs at a time. */
  async function outcomes(cases: readonly { constraint: string; kube: string }[]): Promise<{ helm3: Outcome; helm4: Outcome }[]> {
    const charts = new Map<string, string>();
    for (const { constraint } of cases) {
      if (charts.has(constraint)) continue;
      const chart = join(dir, `c${charts.size}`);
      mkdirSync(join(chart, "templates"), { recursive: true });
      // JSON's string syntax is YAML's double-quoted one: the constraint reaches Helm as written.
      writeFileSync(join(chart, "Chart.yaml"), `apiVersion: v2\nname: c\nversion: 0.1.0\nkubeVersion: ${JSON.stringify(constraint)}\n`);
      writeFileSync(join(chart, "templates", "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
      charts.set(constraint, chart);
    }
    const results: { helm3: Outcome; helm4: Outcome }[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const i = next++;
        const { constraint, kube } = cases[i]!;
        const chart = charts.get(constraint)!;
        results[i] = { helm3: await helmTemplate(TOOLS.helm3, chart, kube), helm4: await helmTemplate(TOOLS.helm4, chart, kube) };
      }
    };
    await Promise.all([worker(), worker()]);
    return results;
  }

  it("every decided row of the table is what both Helms decide, and every row marked so is decided differently by them", async () => {
    const rows = ROWS.filter((r) => r.want !== undefined || r.helms === "differ");
    const results = await outcomes(rows);
    const wrong = rows.flatMap((r, i) => {
      const { helm3, helm4 } = results[i]!;
      const ok = r.helms === "differ" ? helm3 !== helm4 : helm3 === (r.want ? "renders" : "refused") && helm4 === helm3;
      return ok ? [] : [`${JSON.stringify(r.constraint)} --kube-version=${r.kube}: table ${String(r.want)}${r.helms ? ` (${r.helms})` : ""}, Helm 3.18 ${helm3}, Helm 4 ${helm4}`];
    });
    assert.deepEqual(wrong, []);
  });

  it("the constraints of charts in the wild, around their edges: a true or false is what both Helms decide", async () => {
    const cases = WILD.flatMap((constraint) => WILD_KUBES.map((kube) => ({ constraint, kube, ours: kubeVersionAllows(constraint, kube) })));
    const results = await outcomes(cases);
    const wrong = cases.flatMap((c, i) => {
      const { helm3, helm4 } = results[i]!;
      if (c.ours === undefined) return [];
      const want = c.ours ? "renders" : "refused";
      return helm3 === want && helm4 === want ? [] : [`${JSON.stringify(c.constraint)} --kube-version=${c.kube}: ours ${String(c.ours)}, Helm 3.18 ${helm3}, Helm 4 ${helm4}`];
    });
    assert.deepEqual(wrong, []);
    // Release versions are always decided; only some prerelease kube versions are not.
    assert.deepEqual(cases.filter((c) => c.ours === undefined && !c.kube.includes("-")).map((c) => `${c.constraint} ${c.kube}`), []);
  });
});
