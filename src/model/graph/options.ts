/**
 * The options every rule that reads the trust graph accepts: more known controllers (and servers)
 * in the shape of src/knowledge/cert-controllers.ts, for operators trustlint does not know yet.
 */
import type { ControllerEntry } from "../../knowledge/cert-controllers";
import { EXTRA_CONTROLLERS_OPTION } from "../../knowledge/cert-controllers";
import type { ServerEntry } from "../../knowledge/cert-servers";
import { EXTRA_SERVERS_OPTION } from "../../knowledge/cert-servers";
import type { TrustExtensions } from "../model";

export interface GraphOptions extends Record<string, unknown> {
  extraControllers: ControllerEntry[];
  extraServers: ServerEntry[];
}

export const GRAPH_OPTIONS_PROPERTIES = { extraControllers: EXTRA_CONTROLLERS_OPTION, extraServers: EXTRA_SERVERS_OPTION } as const;
export const GRAPH_OPTIONS_DEFAULTS = { extraControllers: [], extraServers: [] } as const;

export function extensions(options: GraphOptions): TrustExtensions {
  return { controllers: options.extraControllers, servers: options.extraServers };
}
