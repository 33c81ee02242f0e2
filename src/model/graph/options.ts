/**
 * Deprecated rule options: more known controllers (and servers) for the rules that read the trust
 * graph. They now belong to the `knowledge:` section of .trustlint.yaml (controllers, servers),
 * which every rule and the container trust model share; the options are still accepted for one
 * release, merged into that knowledge with a warning (src/config/knowledge.ts).
 */
import type { ControllerEntry } from "../../knowledge/cert-controllers";
import { EXTRA_CONTROLLERS_OPTION } from "../../knowledge/cert-controllers";
import type { ServerEntry } from "../../knowledge/cert-servers";
import { EXTRA_SERVERS_OPTION } from "../../knowledge/cert-servers";

export interface GraphOptions extends Record<string, unknown> {
  extraControllers: ControllerEntry[];
  extraServers: ServerEntry[];
}

export const GRAPH_OPTIONS_PROPERTIES = { extraControllers: EXTRA_CONTROLLERS_OPTION, extraServers: EXTRA_SERVERS_OPTION } as const;
export const GRAPH_OPTIONS_DEFAULTS = { extraControllers: [], extraServers: [] } as const;
