/**
 * Deprecated rule options: more known controllers (and servers) for the rules that read the
 * certificate graph. They now belong to the `knowledge:` section of .trustlint.yaml (controllers, servers),
 * which every rule and the container trust stores share; the options are still accepted for one
 * release, merged into that knowledge with a warning (src/config/knowledge.ts). Their type comes
 * from these schemas (src/engine/options.ts); no rule reads them.
 */
import { EXTRA_CONTROLLERS_OPTION } from "../../knowledge/cert-controllers";
import { EXTRA_SERVERS_OPTION } from "../../knowledge/cert-servers";

export const GRAPH_OPTIONS_PROPERTIES = { extraControllers: EXTRA_CONTROLLERS_OPTION, extraServers: EXTRA_SERVERS_OPTION } as const;
export const GRAPH_OPTIONS_DEFAULTS = { extraControllers: [], extraServers: [] } as const;
