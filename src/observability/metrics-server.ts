import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Log } from './log.js';
import { metricsAuthorized } from './metrics-auth.js';

/**
 * /metrics on a port of its own: a generation worker's (WORKER_METRICS_PORT: it has no HTTP app),
 * or an API process's when METRICS_PORT moves it off the public port. Plain node:http, GET /metrics
 * only, behind METRICS_TOKEN when set; a scrape is answered from memory (no query behind it).
 */
export interface MetricsServer {
  /** The port it listens on (the one asked for, or the one picked for port 0). */
  port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(opts: {
  registry: Registry;
  host: string;
  port: number;
  token: string | undefined;
  log: Log;
  /** The setting that chose the port, named when it cannot be used (e.g. `WORKER_METRICS_PORT`). */
  setting: string;
}): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (!metricsAuthorized(opts.token, req.headers.authorization)) {
      res
        .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
        .end('unauthorized\n');
      return;
    }
    opts.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': opts.registry.contentType }).end(text),
      (e: unknown) => {
        opts.log.warn({ reason: e instanceof Error ? e.message : String(e) }, 'metrics: collecting failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n');
      },
    );
  });
  // A scraper holding connections open must not hold shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `${opts.setting}: cannot serve /metrics on ${opts.host}:${opts.port} (${e.code ?? e.message})`,
        ),
      ),
    );
    server.listen(opts.port, opts.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  opts.log.info({ host: opts.host, port }, 'metrics served on /metrics');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
