import type { Model } from "../model";
import type { JsonPath } from "../types";
import type { Backend } from "./types";

/** A Service reference joined to the rendered Service and its pods. */
export function backendOf(model: Model, namespace: string, name: string, port: string | undefined, path: JsonPath): Backend {
  const service = model.get("Service", namespace, name);
  const n = port === undefined ? undefined : Number(port);
  return { namespace, name, port: n !== undefined && Number.isInteger(n) ? n : port, path, service, pods: service ? model.podsSelectedBy(service) : [] };
}

/** Whether every label of the selector is on the pod (an empty selector selects nothing here). */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}
