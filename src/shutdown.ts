/**
 * SIGTERM and SIGINT run `work` once (the process's own orderly stop), bounded by `timeoutMs`:
 * whatever is not finished by then is abandoned and the process exits 1.
 */
export function onShutdown(
  timeoutMs: number,
  log: { info(obj: object, msg: string): void },
  work: () => Promise<void>,
): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), timeoutMs);
    timer.unref();
    await work();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
