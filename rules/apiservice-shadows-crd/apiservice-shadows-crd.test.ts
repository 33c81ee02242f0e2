import { testRule } from "../../test/support/rule-tester";
import rule from ".";

const CRD = `
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: externalsecrets.external-secrets.io}
        spec:
          group: external-secrets.io
          names: {kind: ExternalSecret, plural: externalsecrets}
          scope: Namespaced
          versions:
            - {name: v1, served: true, storage: true}
            - {name: v1beta1, served: true, storage: false}
            - {name: v1alpha1, served: false, storage: false}
        ---
        `;

testRule(rule, {
  accept: [
    {
      name: "a local APIService, another version, and another group",
      yaml: `${CRD}
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata: {name: v1.external-secrets.io}
        spec: {group: external-secrets.io, version: v1, groupPriorityMinimum: 1000, versionPriority: 15}
        ---
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata: {name: v1alpha1.external-secrets.io}
        spec: {group: external-secrets.io, version: v1alpha1, service: {name: old, namespace: olm}}
        ---
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata: {name: v1beta1.metrics.k8s.io}
        spec: {group: metrics.k8s.io, version: v1beta1, service: {name: metrics-server, namespace: kube-system}}
      `,
    },
  ],
  reject: [
    {
      name: "an OLM leftover APIService for a version the CRD serves",
      yaml: `${CRD}
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata: {name: v1beta1.external-secrets.io}
        spec:
          group: external-secrets.io
          version: v1beta1
          service:
            name: external-secrets-operator-webhook-service
            namespace: openshift-operators
          groupPriorityMinimum: 1000
          versionPriority: 15
      `,
      findings: [
        {
          object: "APIService/v1beta1.external-secrets.io",
          messageId: "shadowsCrd",
          line: 20,
          column: 3,
          endLine: 20,
          endColumn: 10,
          message: "CRD externalsecrets.external-secrets.io serves that group/version",
          fix: "Delete APIService v1beta1.external-secrets.io (kubectl delete",
          related: ["CustomResourceDefinition/externalsecrets.external-secrets.io"],
        },
      ],
    },
  ],
});
