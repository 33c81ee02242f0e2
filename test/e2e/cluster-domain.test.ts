import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { jsonReport, runCli } from "../support/cli";
import type { JsonFinding } from "../support/cli";
import { HELMS, assertToolsPresent } from "../support/tools";

/**
 * hardcoded-cluster-domain judges where a domain came from, through the template walk: a name
 * the chart builds from its clusterDomain value is what the rule recommends (silent, or info
 * naming the value when the cluster's domain differs); a literal in a template, a helper or a
 * values file is reported on its line; a Secret-name argument is no host name.
 */
const CHART = "test/fixtures/cluster-domain/dns-names";
const TEMPLATE = `${CHART}/templates/deployment.yaml`;
const RULE = ["--rule", "hardcoded-cluster-domain"];

function brief(f: JsonFinding): string {
  return `${f.severity} ${f.path} ${f.location.file}:${f.location.line}${f.related.map((r) => ` <- ${r.location.file}:${r.location.line}`).join("")}`;
}

before(() => assertToolsPresent());

for (const helm of HELMS) {
  describe(`end to end: hardcoded-cluster-domain provenance on ${helm.name}`, () => {
    const env = { HELM_BIN: helm.bin };

    it("without a configured domain: literals (template, helper, values list item) are info on their lines; value-built names and Secret-name arguments are silent", async () => {
      const run = await runCli([CHART, "-n", "apps", ...RULE, "--format", "json"], { env });
      strictEqual(run.code, 0, run.stderr);
      deepStrictEqual(jsonReport(run).findings.map(brief), [
        `info spec.template.spec.containers[0].args[3] ${TEMPLATE}:19 <- ${CHART}/values.yaml:6`,
        `info spec.template.spec.containers[0].env[1].value ${TEMPLATE}:25`,
        `info spec.template.spec.containers[0].env[2].value ${TEMPLATE}:27`,
      ]);
    });

    it("with --cluster-domain example.org: literals are errors, value-built names are info naming .Values.clusterDomain to set", async () => {
      const run = await runCli([CHART, "-n", "apps", ...RULE, "--cluster-domain", "example.org", "--format", "json"], { env });
      strictEqual(run.code, 1, run.stderr);
      const findings = jsonReport(run).findings;
      deepStrictEqual(findings.map(brief), [
        `info spec.template.spec.containers[0].args[0] ${TEMPLATE}:16 <- ${CHART}/values.yaml:1`,
        `error spec.template.spec.containers[0].args[3] ${TEMPLATE}:19 <- ${CHART}/values.yaml:6`,
        `info spec.template.spec.containers[0].env[0].value ${TEMPLATE}:23 <- ${CHART}/values.yaml:1`,
        `error spec.template.spec.containers[0].env[1].value ${TEMPLATE}:25`,
        `error spec.template.spec.containers[0].env[2].value ${TEMPLATE}:27`,
      ]);
      strictEqual(
        findings[0]!.message,
        'Deployment apps/release-name-dns-names: an argument of container "app" names release-name-dns-names.apps.svc.cluster.local, built from .Values.clusterDomain, which renders the domain "cluster.local"; this cluster\'s domain is "example.org".',
      );
      strictEqual(findings[0]!.fix, "Set .Values.clusterDomain to example.org for this cluster (e.g. --set clusterDomain=example.org).");
      match(findings[1]!.message, /names upstream\.shared\.svc\.cluster\.local with the fixed cluster domain "cluster\.local"; this cluster's domain is "example\.org"/);
    });

    it("the value set to the cluster's domain: only the literals remain", async () => {
      const run = await runCli([CHART, "-n", "apps", ...RULE, "--cluster-domain", "example.org", "--set", "clusterDomain=example.org", "--format", "json"], { env });
      deepStrictEqual(jsonReport(run).findings.map((f) => `${f.severity} ${f.path}`), [
        "error spec.template.spec.containers[0].args[3]",
        "error spec.template.spec.containers[0].env[1].value",
        "error spec.template.spec.containers[0].env[2].value",
      ]);
    });

    it("a sidecar container included from a library subchart (a service mesh's partials): value-built names are silent, a literal in the partial is reported on its line", async () => {
      const mesh = "test/fixtures/cluster-domain/mesh-partials";
      // The walk enters each included container (`- {{- include "partials.proxy" ... }}`): lines in the partial.
      const at = `${mesh}/charts/partials/templates/_proxy.tpl`;
      const quiet = await runCli([mesh, "-n", "mesh", ...RULE, "--format", "json"], { env });
      deepStrictEqual(jsonReport(quiet).findings.map(brief), [`info spec.template.spec.containers[2].env[0].value ${at}:16`]);
      const other = await runCli([mesh, "-n", "mesh", ...RULE, "--cluster-domain", "example.org", "--format", "json"], { env });
      const findings = jsonReport(other).findings;
      deepStrictEqual(findings.map(brief), [
        `info spec.template.spec.containers[1].env[0].value ${at}:6 <- ${mesh}/values.yaml:1`,
        `info spec.template.spec.containers[1].env[1].value ${at}:8 <- ${mesh}/values.yaml:1`,
        `error spec.template.spec.containers[2].env[0].value ${at}:16`,
      ]);
      strictEqual(findings[0]!.fix, "Set .Values.clusterDomain to example.org for this cluster (e.g. --set clusterDomain=example.org).");
    });
  });
}
