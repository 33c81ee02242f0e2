import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadAll } from "js-yaml";
import { fixtureDocuments } from "./harness";

/**
 * Real documents to mutate: every plain manifest under test/fixtures, and the rendered output of
 * every fixture chart that renders (with the pinned Helm), so that mutations start from the
 * shapes the rules were written for.
 */
export function seedDocuments(root: string, helm: string | undefined): unknown[] {
  const fixtures = join(root, "test", "fixtures");
  const docs = fixtureDocuments(fixtures);
  if (!helm || !existsSync(helm)) return docs;
  for (const chart of chartDirs(fixtures)) {
    let out: string;
    try {
      out = execFileSync(helm, ["template", "seed", chart, "--include-crds", "--kube-version", "1.34.0"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 60_000 });
    } catch {
      continue; // Fixtures that fail to render on purpose.
    }
    try {
      for (const d of loadAll(out)) if (d && typeof d === "object" && "kind" in d) docs.push(d);
    } catch {
      // A render that is not YAML on its own is no seed.
    }
  }
  return docs;
}

function chartDirs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const sub = join(dir, name);
    if (!statSync(sub).isDirectory()) continue;
    if (existsSync(join(sub, "Chart.yaml"))) out.push(sub);
    else out.push(...chartDirs(sub));
  }
  return out;
}
