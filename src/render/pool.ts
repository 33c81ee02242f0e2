/**
 * Runs at most `jobs` tasks at a time (renders are child processes: Helm and Kustomize spend
 * most of their time in their own process, so a few at once use the cores that one leaves idle).
 * Tasks start in the order they were scheduled.
 */
export function limiter(jobs: number): <T>(task: () => Promise<T>) => Promise<T> {
  const limit = Math.max(1, Math.floor(jobs));
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        active++;
        task().then(resolve, reject).finally(release);
      };
      if (active < limit) start();
      else waiting.push(start);
    });
}
