/**
 * Work to stop before an interrupted process removes its temporary files (core/tempFiles.ts):
 * e.g. a pool's worker threads, which must not write another file after the sweep. Hooks may be
 * asynchronous; the interrupt handler waits for them, up to a bound.
 */
const hooks = new Set<() => unknown>();

/** Registers `stop` to run when the process is interrupted; returns the function that unregisters it. */
export function onInterrupt(stop: () => unknown): () => void {
  hooks.add(stop);
  return () => hooks.delete(stop);
}

/** True when some hook is registered (an interrupt then has something to wait for). */
export function hasInterruptHooks(): boolean {
  return hooks.size > 0;
}

/** Runs every hook and waits for them all, at most `timeoutMs`; a hook that throws or rejects is ignored. */
export async function runInterruptHooks(timeoutMs: number): Promise<void> {
  const running = [...hooks].map(async (stop) => {
    try {
      await stop();
    } catch {
      // the process exits anyway; the temporary files are removed next
    }
  });
  hooks.clear();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([Promise.all(running), bound]);
  clearTimeout(timer);
}
