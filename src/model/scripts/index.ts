/** Node scripts: what user data, bootstrap configs and host-preparing pods make a node run. */
export { extractNodeScripts, hostMounts } from "./extract";
export type { CaCertsStep, CommandStep, ExecContext, FileStep, HostEffect, HostMount, NodeScript, ScriptStep, TextSpot } from "./types";
export { Inflater } from "./inflate";
