import { testRule } from "../../test/support/rule-tester";
import rule from ".";

testRule(rule, {
  accept: [
    {
      name: "verified APIServices",
      yaml: `
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata:
          name: v1beta1.metrics.k8s.io
          annotations: {cert-manager.io/inject-ca-from: kube-system/metrics-server}
        spec:
          group: metrics.k8s.io
          version: v1beta1
          insecureSkipTLSVerify: false
          service: {name: metrics-server, namespace: kube-system}
        ---
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata: {name: v1.example.com}
        spec: {group: example.com, version: v1}
      `,
    },
  ],
  reject: [
    {
      name: "the metrics-server chart default",
      yaml: `
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata: {name: v1beta1.metrics.k8s.io}
        spec:
          group: metrics.k8s.io
          groupPriorityMinimum: 100
          insecureSkipTLSVerify: true
          service: {name: metrics-server, namespace: kube-system, port: 443}
          version: v1beta1
          versionPriority: 100
      `,
      findings: [{ object: "APIService/v1beta1.metrics.k8s.io", messageId: "unverified", line: 7, column: 3, endLine: 7, endColumn: 30, message: "accepts any certificate from Service kube-system/metrics-server", fix: "Set insecureSkipTLSVerify: false and give the APIService a caBundle,", severity: "warning" }],
    },
    {
      name: "insecure with a caBundle, and insecure with an injector",
      yaml: `
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata: {name: v1beta1.metrics.k8s.io}
        spec:
          group: metrics.k8s.io
          version: v1beta1
          caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
          insecureSkipTLSVerify: true
          service: {name: metrics-server, namespace: kube-system}
        ---
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata:
          name: v1beta1.custom.metrics.k8s.io
          annotations: {service.beta.openshift.io/inject-cabundle: "true"}
        spec:
          group: custom.metrics.k8s.io
          version: v1beta1
          insecureSkipTLSVerify: true
          service: {name: adapter, namespace: monitoring}
      `,
      findings: [
        { object: "APIService/v1beta1.metrics.k8s.io", messageId: "withCaBundle", line: 8, column: 3, endLine: 8, endColumn: 30, message: "the API server rejects the object", fix: "Set insecureSkipTLSVerify: false (or remove it): the caBundle then", severity: "error" },
        { object: "APIService/v1beta1.custom.metrics.k8s.io", messageId: "withInjector", line: 19, column: 3, endLine: 19, endColumn: 30, message: "rejects every injection", fix: "Set insecureSkipTLSVerify: false (or remove it): the caBundle then", severity: "error" },
      ],
    },
  ],
});
