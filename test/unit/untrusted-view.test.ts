import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IService } from "kubernetes-models/v1/Service";
import { loadStreams } from "../../src/load/loader";
import { callSitesOf } from "../../src/model/graph/call-sites";
import { asArray, asString, itemsAs, mapping, viewAs } from "../../src/model/values";
import { dedent } from "../support/dedent";

describe("untrusted objects seen through kubernetes-models types", () => {
  it("reads fields by their typed names; a missing or mistyped value reads as absent, never throws", () => {
    const service = viewAs<IService>({ spec: { clusterIP: "None", selector: { app: "web" }, ports: "80" } });
    strictEqual(asString(service.spec?.clusterIP), "None");
    deepStrictEqual(service.spec?.selector, { app: "web" });
    deepStrictEqual(asArray(service.spec?.ports), [], "a list the manifest wrote as a string is no list");
    // A string where the type says object: walking on with ?. yields undefined.
    const odd = viewAs<IPodSpec>({ securityContext: "strict", containers: [{ name: "a" }, "b", null] });
    strictEqual(odd.securityContext?.runAsUser, undefined);
    strictEqual(mapping(odd.securityContext), undefined, "mapping() tells a string from an object");
    deepStrictEqual(
      itemsAs<NonNullable<IPodSpec["containers"]>[number]>(odd.containers).map((c) => c?.name),
      ["a", undefined, undefined],
      "entries keep their index; those that are no mapping are undefined",
    );
    deepStrictEqual(viewAs<IService>("not an object"), {});
    // @ts-expect-error a field the type does not have is a build error, not a silent undefined
    strictEqual(service.spec?.clusterIp, undefined);
  });

  it("a webhook configuration or APIService whose nested objects are strings has no call site", () => {
    const objects = loadStreams(
      [
        {
          text: dedent(`
            apiVersion: apiregistration.k8s.io/v1
            kind: APIService
            metadata: {name: v1.odd.io}
            spec: "v1.odd.io"
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata: {name: odd}
            webhooks:
              - {name: a.odd.io, clientConfig: "https://odd"}
              - {name: b.odd.io, clientConfig: {service: "odd"}}
              - {name: c.odd.io, clientConfig: {service: {name: odd, namespace: ns, port: 8443}, caBundle: " "}}
          `),
          origin: { via: "file", file: "/x.yaml" },
        },
      ],
      "default",
    ).objects;
    deepStrictEqual(callSitesOf(objects[0]!), []);
    deepStrictEqual(
      callSitesOf(objects[1]!).map((s) => [s.label, s.service && `${s.service.namespace}/${s.service.name}:${s.service.port}`, s.caBundle]),
      [
        ['webhook "b.odd.io"', undefined, undefined],
        ['webhook "c.odd.io"', "ns/odd:8443", undefined],
      ],
    );
  });
});

describe("untrusted objects: eslint forbids casting onto a kubernetes-models type", function () {
  this.timeout(120_000);

  /** The no-restricted-syntax errors of `text` linted as src/model/probe.ts with the project's config (syntax-only rules). */
  async function castErrors(text: string): Promise<string[]> {
    const root = join(import.meta.dirname, "../..");
    const eslint = new ESLint({ cwd: root, overrideConfig: [{ files: ["**/*.ts"], ...tseslint.configs.disableTypeChecked }] });
    const [result] = await eslint.lintText(text, { filePath: join(root, "src/model/probe.ts") });
    return result!.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => `${m.line}:${m.column} ${m.message}`);
  }

  it("fails `raw as IService` and `<IService>raw`-style casts, and accepts viewAs<IService>(raw)", async () => {
    const head = 'import type { IService } from "kubernetes-models/v1/Service";\nimport { viewAs } from "./values";\n';
    const message = "Do not cast untrusted input onto a kubernetes-models type: read it through viewAs<T>() / itemsAs<T>() (UntrustedView, src/model/values.ts).";
    deepStrictEqual(await castErrors(`${head}export const a = (raw: unknown) => (raw as unknown as IService).spec;\nexport const c = (raw: unknown) => (<IService>raw).spec;\n`), [`3:55 ${message}`, `4:38 ${message}`]);
    deepStrictEqual(await castErrors(`${head}export const b = (raw: unknown) => viewAs<IService>(raw).spec;\n`), []);
  });
});
