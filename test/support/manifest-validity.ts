/**
 * Checks that a manifest is one the API server would accept, as far as tests can tell without a
 * cluster: a name, and, for the built-in kinds, the Kubernetes OpenAPI schema (the validators
 * kubernetes-models ships). Custom resources (cert-manager, Istio, Gateway API) get the name
 * check only. Used for README examples, which must be complete manifests, not fragments.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface ValidationError {
  readonly instancePath?: string;
  readonly message?: string;
}
type ModelClass = new (data: Record<string, unknown>) => { validate(): void };

/** Configuration documents that are not API objects and carry no metadata (kubeadm's). */
const CONFIG_GROUPS = /(^|\.)kubeadm\.k8s\.io\/|^k0s\.k0sproject\.io\//;

function modelOf(apiVersion: string, kind: string): ModelClass | undefined {
  try {
    const module = require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, unknown>;
    return module[kind] as ModelClass | undefined;
  } catch {
    return undefined;
  }
}

/** Problems with one object ("spec/template/spec/containers/0/image must be string"); empty when valid. */
export function validateManifest(raw: Record<string, unknown>): string[] {
  const apiVersion = String(raw.apiVersion);
  const kind = String(raw.kind);
  const problems: string[] = [];
  const metadata = raw.metadata as Record<string, unknown> | undefined;
  if (!CONFIG_GROUPS.test(apiVersion) && (typeof metadata?.name !== "string" || metadata.name === "")) problems.push("metadata.name is missing");
  const Model = modelOf(apiVersion, kind);
  if (!Model) return problems;
  try {
    new Model(raw).validate();
  } catch (e) {
    const errors = (e as { errors?: readonly ValidationError[] }).errors;
    problems.push(...(errors?.length ? errors.map((x) => `${x.instancePath ?? ""} ${x.message ?? "is invalid"}`.trim()) : [(e as Error).message]));
  }
  return problems;
}
