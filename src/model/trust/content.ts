/**
 * What a file handed to a program as "the CAs to trust" holds: a full bundle (public roots, with
 * or without private CAs), only private CAs, or something the render does not show.
 */
export type TrustContent =
  | { readonly kind: "bundle"; readonly evidence: string }
  | { readonly kind: "private"; readonly evidence: string }
  | { readonly kind: "unknown"; readonly evidence: string | undefined };

export const UNKNOWN_CONTENT: TrustContent = { kind: "unknown", evidence: undefined };

export function bundle(evidence: string): TrustContent {
  return { kind: "bundle", evidence };
}

export function privateCa(evidence: string): TrustContent {
  return { kind: "private", evidence };
}

export function unknownContent(evidence?: string): TrustContent {
  return { kind: "unknown", evidence };
}

/** "1 PEM certificate", "3 PEM certificates". */
export function certificates(n: number): string {
  return `${n} PEM certificate${n === 1 ? "" : "s"}`;
}
