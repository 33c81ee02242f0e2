/**
 * The environment a child process (helm, kustomize, kubectl, the CLI run by the Action) gets.
 *
 * Charts, kustomizations and the commands that build them are attacker-controlled (a chart's
 * dependencies go through Helm's getter plugins, a kustomization can run exec plugins, the
 * build command itself can come from the command line a workflow assembles): nothing secret of
 * the runner may reach them. So a child gets an allow-list of what the tools need, and never a
 * variable whose name says it is a credential, even when the allow-list would take it
 * (HELM_REPO_PASSWORD).
 */

/** What Helm, kustomize and kubectl need: paths, their own settings, proxies and locale. */
const TOOL_VARIABLES = /^(PATH|HOME|TMPDIR|TMP|TEMP|USER|LOGNAME|LANG|LANGUAGE|LC_[A-Z]+|TZ|TERM|NO_COLOR|SSL_CERT_FILE|SSL_CERT_DIR|(HELM|XDG)_[A-Za-z0-9_]+|(HTTP|HTTPS|NO|ALL)_PROXY|(http|https|no|all)_proxy)$/;

/** Names that carry credentials, whatever prefix they have. */
const CREDENTIAL = /(^ACTIONS_|^GITHUB_TOKEN$|^GH_TOKEN$|_TOKEN$|_SECRET$|_PASSWORD$|_PASSWD$|_API_KEY$|_PRIVATE_KEY$|_CREDENTIALS$|^AWS_SECRET|^AZURE_CLIENT_SECRET$)/i;

/** Whether a variable that passes the allow-list is still a credential. */
export function isCredential(name: string): boolean {
  return CREDENTIAL.test(name);
}

/** The environment for helm, kustomize and kubectl: the allow-list, without credentials. */
export function toolEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && TOOL_VARIABLES.test(name) && !isCredential(name)) out[name] = value;
  return out;
}

/**
 * The environment for trustlint run as the Action's child: the runner's environment without
 * credentials (the CLI reads GITHUB_* and RUNNER_* settings, and passes helm only toolEnv).
 */
export function withoutCredentials(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && !isCredential(name) && !name.startsWith("INPUT_")) out[name] = value;
  return out;
}
