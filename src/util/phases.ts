/**
 * Phase marks for the benchmark's breakdown (`npm run bench`: wall, CPU and GC per phase). The
 * pipeline says when it enters a phase; nothing listens unless bench/worker.ts installs a
 * listener, so a normal run pays one function call per phase.
 */
export type Phase = "load" | "model" | "rules" | "locate" | "report";

let listener: ((phase: Phase) => void) | undefined;

export function enterPhase(phase: Phase): void {
  listener?.(phase);
}

/** Installs the benchmark's listener (one at a time). */
export function onPhase(l: ((phase: Phase) => void) | undefined): void {
  listener = l;
}
