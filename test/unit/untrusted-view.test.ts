import { deepStrictEqual, strictEqual } from "node:assert/strict";
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
