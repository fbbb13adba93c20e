import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';

/**
 * A worker thread running the module `name` beside `base` (an `import.meta.url`): the build's .js,
 * or, under tsx and vitest where `base` is a .ts source, the .ts source through tsx's loader
 * (registered in the worker itself: a loader given to the process is not inherited by its workers
 * on Node 20). Not the process's own flags (profilers, preloads): a worker needs none.
 */
export function spawnModuleWorker(
  base: string,
  name: string,
  workerData: unknown,
  resourceLimits?: ResourceLimits,
): Worker {
  const limits = resourceLimits ? { resourceLimits } : {};
  if (!base.endsWith('.ts')) {
    return new Worker(new URL(`./${name}.js`, base), { workerData, execArgv: [], ...limits });
  }
  const entry = new URL(`./${name}.ts`, base).href;
  const tsx = pathToFileURL(createRequire(base).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true, workerData, execArgv: [], ...limits });
}
