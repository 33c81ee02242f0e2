/** Types of scripts/rule-help.mjs (plain JavaScript, so build.mjs runs it without tsx). */
export declare const RULE_HELP_MODULE: string;
export declare function ruleHelpModule(root: string, read?: (file: string) => string): string;
