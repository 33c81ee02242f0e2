import { existsSync, lstatSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import AjvDraft04 from "ajv-draft-04";
import { Ajv2020 } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { ROOT } from "./tools";

/**
 * The SARIF 2.1.0 schema the tests validate against. The official OASIS (errata01) schema, from
 * ../shared beside the project when it is there (TRUSTLINT_SHARED_DIR names another place, or
 * "none" to test a fresh clone). Otherwise the copy that Microsoft's SARIF validator ships in
 * its npm package (@microsoft/sarif-multitool-<platform>, which `npm test` installs into .tools
 * with scripts/setup.mjs): the same 2.1.0 schema, written for JSON Schema 2020-12.
 */
export function sarifSchema(): { file: string; draft: "04" | "2020-12" } {
  const shared = process.env.TRUSTLINT_SHARED_DIR ?? join(ROOT, "..", "shared");
  const official = join(shared, "sarif", "sarif-schema-2.1.0.json");
  if (shared !== "none" && existsSync(official)) return { file: official, draft: "04" };
  const platform = { linux: "sarif-multitool-linux", darwin: "sarif-multitool-darwin", win32: "sarif-multitool-win32" }[process.platform as string] ?? "sarif-multitool-linux";
  const packaged = join(ROOT, ".tools", "sarif-multitool", "node_modules", "@microsoft", platform, "sarif-2.1.0.json");
  if (existsSync(packaged)) return { file: packaged, draft: "2020-12" };
  throw new Error(`no SARIF 2.1.0 schema: neither ${official} nor ${packaged} (run npm run setup)`);
}

let validate: ((doc: unknown) => boolean) & { errors?: unknown } | undefined;

/** Validates against the SARIF 2.1.0 schema; throws listing every error. */
export function assertSchemaValid(doc: unknown): void {
  if (!validate) {
    const schema = sarifSchema();
    const ajv = schema.draft === "04" ? new AjvDraft04({ allErrors: true, strict: false }) : new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(schema.file, "utf8")) as object);
  }
  if (!validate(doc)) throw new Error(`SARIF is not schema-valid:\n${JSON.stringify(validate.errors, null, 2)}`);
}

interface SarifLike {
  $schema?: string;
  version?: string;
  runs: {
    tool: {
      driver: { name?: string; rules?: { id: string; shortDescription?: { text?: string }; fullDescription?: { text?: string }; help?: { text?: string }; name?: string; properties?: { tags?: string[]; precision?: string; "security-severity"?: string; "problem.severity"?: string } }[] };
      extensions?: unknown[];
    };
    results: {
      ruleId?: string;
      ruleIndex?: number;
      message?: { text?: string };
      locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[];
      relatedLocations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[];
      partialFingerprints?: Record<string, string>;
      suppressions?: { kind?: string; status?: string; justification?: string }[];
    }[];
    automationDetails?: { id?: string };
  }[];
}

export interface IngestOptions {
  /**
   * The repository root the SARIF was written for: every location must then name a file there,
   * reached without a symlink (GitHub does not display results on symlinked paths).
   */
  readonly root?: string;
}

/**
 * GitHub code scanning's ingestion rules (../shared/reference/integration-facts.md §5, when present), checked
 * offline: what the schema allows but GitHub rejects or mishandles.
 */
export function assertGithubIngestible(doc: unknown, text: string, options: IngestOptions = {}): void {
  const problems: string[] = [];
  const d = doc as SarifLike;
  if (!d.$schema) problems.push("$schema is missing");
  if (d.version !== "2.1.0") problems.push("version must be 2.1.0");
  if (!Array.isArray(d.runs) || d.runs.length === 0) problems.push("runs[] is missing");
  if (d.runs.length > 20) problems.push("more than 20 runs");
  const categories = new Set<string>();
  for (const run of d.runs ?? []) {
    const category = run.automationDetails?.id ?? "";
    if (categories.has(category)) problems.push(`two runs share the category "${category}"`);
    categories.add(category);
    const rules = run.tool?.driver?.rules;
    if (!run.tool?.driver?.name) problems.push("tool.driver.name is missing");
    if (!Array.isArray(rules)) problems.push("tool.driver.rules is missing");
    if ((rules ?? []).length > 25_000) problems.push("more than 25,000 rules in a run");
    if ((run.tool?.extensions ?? []).length > 100) problems.push("more than 100 tool extensions in a run");
    const ruleIds = new Set((rules ?? []).map((r) => r.id));
    for (const r of rules ?? []) {
      const sd = r.shortDescription?.text ?? "";
      const fd = r.fullDescription?.text ?? "";
      if (!sd || sd.length > 1024) problems.push(`rule ${r.id}: shortDescription.text must be 1..1024 chars`);
      if (!fd || fd.length > 1024) problems.push(`rule ${r.id}: fullDescription.text must be 1..1024 chars`);
      if (!r.help?.text) problems.push(`rule ${r.id}: help.text is missing`);
      if (r.name && r.name.length > 255) problems.push(`rule ${r.id}: name over 255 chars`);
      const tags = r.properties?.tags ?? [];
      if (tags.length > 20) problems.push(`rule ${r.id}: more than 20 tags`);
      const precision = r.properties?.precision;
      if (precision && !["very-high", "high", "medium", "low"].includes(precision)) problems.push(`rule ${r.id}: precision ${precision}`);
      const sev = r.properties?.["security-severity"];
      if (sev !== undefined && !(/^\d+(\.\d+)?$/.test(sev) && Number(sev) > 0 && Number(sev) <= 10)) problems.push(`rule ${r.id}: security-severity "${sev}"`);
      if (sev !== undefined && !tags.includes("security")) problems.push(`rule ${r.id}: security-severity without the security tag`);
      const problemSeverity = r.properties?.["problem.severity"];
      if (problemSeverity !== undefined && !["error", "warning", "recommendation"].includes(problemSeverity)) problems.push(`rule ${r.id}: problem.severity "${problemSeverity}"`);
    }
    if (!Array.isArray(run.results)) problems.push("results[] is missing");
    if ((run.results ?? []).length > 25_000) problems.push("more than 25,000 results");
    (run.results ?? []).forEach((res, i) => {
      const where = `result ${i} (${res.ruleId ?? "?"})`;
      if (!res.message?.text) problems.push(`${where}: message.text is missing`);
      if (!res.locations || res.locations.length === 0) problems.push(`${where}: no locations`);
      if ((res.locations?.length ?? 0) + (res.relatedLocations?.length ?? 0) > 1000) problems.push(`${where}: more than 1,000 locations`);
      if (res.ruleId !== undefined && ruleIds.size > 0 && !ruleIds.has(res.ruleId)) problems.push(`${where}: ruleId is not in the rules table`);
      for (const loc of [...(res.locations ?? []), ...(res.relatedLocations ?? [])]) {
        const uri = loc.physicalLocation?.artifactLocation?.uri;
        if (!uri) problems.push(`${where}: a location has no artifactLocation.uri`);
        else if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith("/") || uri.split("/").includes("..")) problems.push(`${where}: uri "${uri}" is not a relative path inside the repository`);
        const line = loc.physicalLocation?.region?.startLine;
        if (!(typeof line === "number" && line >= 1)) problems.push(`${where}: region.startLine must be >= 1`);
        if (options.root && uri && !/^[a-z][a-z0-9+.-]*:/i.test(uri)) {
          const problem = fileProblem(options.root, uri);
          if (problem) problems.push(`${where}: uri "${uri}" ${problem}`);
        }
      }
      if (!res.partialFingerprints?.primaryLocationLineHash) problems.push(`${where}: partialFingerprints.primaryLocationLineHash is missing`);
      if (res.ruleIndex !== undefined && run.tool.driver.rules?.[res.ruleIndex]?.id !== res.ruleId) problems.push(`${where}: ruleIndex does not point at its rule`);
    });
  }
  if (gzipSync(text).length > 10 * 1024 * 1024) problems.push("gzip-compressed SARIF over 10 MB");
  if (problems.length) throw new Error(`SARIF would not ingest on GitHub:\n- ${problems.join("\n- ")}`);
}

/** Why a relative URI does not name a regular file under root reached without symlinks, if it does not. */
function fileProblem(root: string, uri: string): string | undefined {
  let path = resolve(root);
  // GitHub decodes each segment of a relative URI (RFC 3986): %23 is "#", %3A is ":".
  for (const part of uri.split("/").map((segment) => decodeURIComponent(segment))) {
    path = join(path, part);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return "names no file in the repository";
    }
    if (st.isSymbolicLink()) return "goes through a symlink (GitHub does not show such results)";
  }
  return undefined;
}

/** Both checks, on the text of a SARIF file. */
export function assertValidSarif(text: string, options: IngestOptions = {}): SarifLike {
  const doc = JSON.parse(text) as SarifLike;
  assertSchemaValid(doc);
  assertGithubIngestible(doc, text, options);
  return doc;
}
