/**
 * The YAML examples of a rule README: every ```yaml block under a "## Bad…" or "## Good…"
 * heading, with the options it runs with. A block may be preceded (blank lines between are
 * fine) by one directive comment whose JSON says what the example needs:
 *
 *   <!-- trustlint-example: {"options": {"expiryHorizonDays": 60}, "clusterDomain": "corp.internal"} -->
 *
 * Keys: `options` (the rule's options, validated against its schema as a config's are),
 * `knowledge` (the `knowledge:` section of .trustlint.yaml), `clusterDomain`, `now` (the
 * instant certificates are judged at; default the rule tester's TEST_NOW), `certificates` (below)
 * and `schemaErrors`: the Kubernetes schema errors a Bad example shows on purpose (a caBundle that
 * is not base64), each as "Kind/name: /json/pointer message"; every other document must be valid.
 * Anything else is an error, so a typo cannot pass silently.
 *
 * No certificate or key is committed (test/support/certs.ts), READMEs included: an example that
 * needs one names it in `certificates` ({"web": {"cn": "shop.example.com", "dnsNames": [...],
 * "notBefore": "2026-01-01", "notAfter": "2027-01-01", "ca": false, "issuer": "corp-ca",
 * "keyOf": "old"}}) and writes a placeholder where it goes: `<pem NAME>` alone on a line (the
 * PEM, at that line's indentation, e.g. in a `|` block), `<base64 NAME>` (the PEM in base64, for
 * Secret data and caBundle) or `<base64 key NAME>` (its private key, base64). The test makes the
 * certificates when it runs.
 *
 * A rule that needs a chart's templates (generated-cert-not-stable) shows a template instead:
 * `"chart": {"template": "webhook.yaml", "files": {"values.yaml": "..."}}` makes the block
 * `templates/webhook.yaml` of a chart (with those files beside it), rendered with the pinned
 * Helm 4 as the rule tester's chart cases are; the rendered objects must be valid as above.
 */
import type { Rule } from "../../src/engine/rule";
import { loadStreams } from "../../src/load/loader";
import type { KnowledgeAdditions } from "../../src/model/knowledge";
import { validateManifest } from "./manifest-validity";
import type { TestCert } from "./certs";
import { b64, makeCert } from "./certs";
import { renderChartCase, runRule } from "./rule-tester";
import type { ChartCase } from "./rule-tester";

export interface ReadmeExample {
  readonly kind: "bad" | "good";
  /** The heading the block sits under ("Bad", "Bad: a custom resource"). */
  readonly heading: string;
  /** 1-based line of the opening fence in the README. */
  readonly line: number;
  readonly yaml: string;
  readonly options?: Record<string, unknown>;
  readonly knowledge?: KnowledgeAdditions;
  readonly clusterDomain?: string;
  readonly now?: string;
  readonly certificates?: Readonly<Record<string, CertificateSpec>>;
  readonly schemaErrors?: readonly string[];
  readonly chart?: ChartCase;
}

/** A certificate an example needs, made at test time (placeholders `<pem NAME>`, `<base64 NAME>`, `<base64 key NAME>`). */
export interface CertificateSpec {
  readonly cn?: string;
  readonly dnsNames?: readonly string[];
  readonly notBefore: string;
  readonly notAfter: string;
  /** A CA (basic constraints CA:true, keyCertSign); else a serving certificate. */
  readonly ca?: boolean;
  /** Signed by this other certificate of the example (else self-signed). */
  readonly issuer?: string;
  /** With the key pair of this other certificate. */
  readonly keyOf?: string;
}

export const DIRECTIVE = "trustlint-example:";
const DIRECTIVE_KEYS = new Set(["options", "knowledge", "clusterDomain", "now", "certificates", "schemaErrors", "chart"]);

/** Parses a README's examples; throws, naming the line, on a malformed directive or fence. */
export function readmeExamples(markdown: string, file: string): ReadmeExample[] {
  const lines = markdown.split("\n");
  const out: ReadmeExample[] = [];
  let section: { kind: "bad" | "good"; heading: string } | undefined;
  let directive: { line: number; value: Record<string, unknown> } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^##\s+(.*)$/.exec(line);
    if (heading) {
      const kind = /^(Bad|Good)\b/.exec(heading[1]!)?.[1];
      section = kind ? { kind: kind === "Bad" ? "bad" : "good", heading: heading[1]!.trim() } : undefined;
      if (directive) throw new Error(`${file}:${directive.line}: ${DIRECTIVE} directive is not followed by a code block`);
      continue;
    }
    const comment = new RegExp(`^<!--\\s*${DIRECTIVE}\\s*(.*?)\\s*-->\\s*$`).exec(line);
    if (comment) {
      if (directive) throw new Error(`${file}:${directive.line}: ${DIRECTIVE} directive is not followed by a code block`);
      directive = { line: i + 1, value: parseDirective(comment[1]!, `${file}:${i + 1}`) };
      continue;
    }
    if (line.includes(DIRECTIVE)) throw new Error(`${file}:${i + 1}: a ${DIRECTIVE} directive must be a whole-line HTML comment`);
    const fence = /^```(\S*)\s*$/.exec(line);
    if (!fence) {
      if (directive && line.trim()) throw new Error(`${file}:${directive.line}: ${DIRECTIVE} directive is not followed by a code block`);
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    if (i >= lines.length) throw new Error(`${file}:${start + 1}: code block is never closed`);
    if (directive && !section) throw new Error(`${file}:${directive.line}: ${DIRECTIVE} directive outside a Bad or Good section`);
    if (section && fence[1] !== "yaml") throw new Error(`${file}:${start + 1}: a Bad or Good example must be a \`\`\`yaml block`);
    if (section) out.push({ kind: section.kind, heading: section.heading, line: start + 1, yaml: body.join("\n") + "\n", ...(directive?.value ?? {}) });
    directive = undefined;
  }
  if (directive) throw new Error(`${file}:${directive.line}: ${DIRECTIVE} directive is not followed by a code block`);
  return out;
}

function parseDirective(json: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new Error(`${where}: ${DIRECTIVE} directive is not JSON: ${(e as Error).message}`, { cause: e });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${where}: ${DIRECTIVE} directive must be a JSON object`);
  for (const key of Object.keys(value)) if (!DIRECTIVE_KEYS.has(key)) throw new Error(`${where}: unknown ${DIRECTIVE} key "${key}" (options, knowledge, clusterDomain, now, certificates, schemaErrors, chart)`);
  return value as Record<string, unknown>;
}

/** What is wrong with one README example (empty when it shows what it claims). */
/** Makes the example's certificates, in order (an issuer or keyOf names an earlier one). */
function makeCertificates(specs: Readonly<Record<string, CertificateSpec>>): Map<string, TestCert> {
  const made = new Map<string, TestCert>();
  const ref = (name: string | undefined, by: string) => {
    if (name === undefined) return undefined;
    const c = made.get(name);
    if (!c) throw new Error(`certificate ${by} names "${name}", which is not defined before it`);
    return c;
  };
  for (const [name, spec] of Object.entries(specs)) {
    const issuer = ref(spec.issuer, name);
    const keyOf = ref(spec.keyOf, name);
    made.set(
      name,
      makeCert({
        cn: spec.cn ?? name,
        ...(spec.dnsNames ? { dnsNames: spec.dnsNames } : {}),
        notBefore: new Date(spec.notBefore).toISOString(),
        notAfter: new Date(spec.notAfter).toISOString(),
        isCA: spec.ca ?? false,
        keyUsage: spec.ca ? ["digitalSignature", "keyCertSign", "cRLSign"] : ["digitalSignature", "keyEncipherment"],
        ...(spec.ca ? {} : { extKeyUsage: ["serverAuth"] }),
        ...(issuer ? { issuer } : {}),
        ...(keyOf ? { keyOf } : {}),
      }),
    );
  }
  return made;
}

/** The example's YAML with its certificate placeholders filled in. */
export function exampleYaml(ex: ReadmeExample): string {
  const certs = makeCertificates(ex.certificates ?? {});
  const get = (name: string) => {
    const c = certs.get(name);
    if (!c) throw new Error(`placeholder names certificate "${name}", which the ${DIRECTIVE} directive does not define`);
    return c;
  };
  return ex.yaml
    .replace(/^([ \t]*)<pem ([\w.-]+)>[ \t]*$/gm, (_m, indent: string, name: string) => get(name).pem.trimEnd().split("\n").map((l) => indent + l).join("\n"))
    .replace(/<base64 key ([\w.-]+)>/g, (_m, name: string) => b64(get(name).keyPem))
    .replace(/<base64 ([\w.-]+)>/g, (_m, name: string) => b64(get(name).pem));
}

export function exampleProblems(rule: Rule, ex: ReadmeExample): string[] {
  const problems: string[] = [];
  const yaml = exampleYaml(ex);
  if (/<(?:pem|base64)\b[^>]*>/.test(yaml)) problems.push(`a certificate placeholder is left: ${/<(?:pem|base64)\b[^>]*>/.exec(yaml)![0]}`);
  // A complete manifest: every document an object, each valid against its Kubernetes schema when it has one.
  let rendered = yaml;
  if (ex.chart) {
    const chart = renderChartCase(yaml, ex.chart);
    chart.cleanup();
    rendered = chart.stream.text;
  }
  const loaded = loadStreams([{ text: rendered, origin: { via: "file", file: "/virtual/manifests.yaml" } }], "default");
  for (const w of loaded.warnings) problems.push(`load warning at ${w.where}: ${w.message}`);
  if (loaded.objects.length === 0) problems.push("holds no Kubernetes object");
  const schemaErrors = loaded.objects.flatMap((o) => validateManifest(o.raw).map((p) => `${o.kind}/${o.name}: ${p}`));
  const expected = ex.schemaErrors ?? [];
  for (const e of schemaErrors) if (!expected.includes(e)) problems.push(e);
  for (const e of expected) if (!schemaErrors.includes(e)) problems.push(`schemaErrors names "${e}", which the example does not have`);
  const found = runRule(rule, {
    name: `${ex.heading} (line ${ex.line})`,
    yaml,
    ...(ex.options ? { options: ex.options } : {}),
    ...(ex.knowledge ? { knowledge: ex.knowledge } : {}),
    ...(ex.clusterDomain ? { clusterDomain: ex.clusterDomain } : {}),
    ...(ex.now ? { now: ex.now } : {}),
    ...(ex.chart ? { chart: ex.chart } : {}),
  }).filter((f) => f.ruleId === rule.meta.id);
  if (ex.kind === "bad" && found.length === 0) problems.push(`gives no ${rule.meta.id} finding`);
  if (ex.kind === "good") for (const f of found) problems.push(`gives ${f.ruleId} at line ${f.location.line}: ${f.message}`);
  return problems;
}
