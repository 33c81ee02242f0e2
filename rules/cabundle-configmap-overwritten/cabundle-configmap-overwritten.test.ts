import { testRule } from "../../test/support/rule-tester";
import rule from ".";

testRule(rule, {
  accept: [
    {
      name: "empty injected ConfigMaps, one per injector",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: service-ca
          namespace: es
          annotations: {service.beta.openshift.io/inject-cabundle: "true"}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: trusted-ca
          namespace: es
          labels: {config.openshift.io/inject-trusted-cabundle: "true"}
        data:
          ca-bundle.crt: ""
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: es}
        data: {log-level: debug}
      `,
    },
  ],
  reject: [
    {
      name: "a service-ca ConfigMap that also carries the application's settings",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: webhook-config
          namespace: es
          annotations:
            service.beta.openshift.io/inject-cabundle: "true"
        data:
          config.yaml: |
            port: 10250
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: webhook, namespace: es}
        spec:
          template:
            spec:
              containers:
                - name: webhook
                  image: example/webhook:1.0
                  volumeMounts: [{name: config, mountPath: /etc/webhook}]
              volumes: [{name: config, configMap: {name: webhook-config}}]
      `,
      findings: [{ object: "ConfigMap/es/webhook-config", messageId: "keysDeleted", line: 9, column: 3, endLine: 10, endColumn: 16, message: '"config.yaml" will be deleted', fix: "Move config.yaml to a ConfigMap of its own and leave webhook-config", severity: "warning", related: ["Deployment/es/webhook"] }],
    },
    {
      name: "both OpenShift injection markers on one ConfigMap",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ca-bundle
          namespace: team
          labels:
            config.openshift.io/inject-trusted-cabundle: "true"
          annotations:
            service.beta.openshift.io/inject-cabundle: "true"
      `,
      findings: [{ object: "ConfigMap/team/ca-bundle", messageId: "twoInjectors", line: 9, column: 5, endLine: 9, endColumn: 54, message: "overwrite each other forever", fix: "Split it into two empty ConfigMaps: one annotated", severity: "error" }],
    },
  ],
});
