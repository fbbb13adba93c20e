import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/** Every way this process could reach the network throws while `run` is running. */
export async function withoutNetwork<T>(run: () => Promise<T>): Promise<T> {
  const refuse = () => {
    throw new Error('network used');
  };
  const saved = {
    connect: net.Socket.prototype.connect,
    lookup: dns.lookup,
    httpRequest: http.request,
    httpsRequest: https.request,
    fetch: globalThis.fetch,
  };
  net.Socket.prototype.connect = refuse as never;
  dns.lookup = refuse as never;
  http.request = refuse as never;
  https.request = refuse as never;
  globalThis.fetch = refuse as never;
  try {
    return await run();
  } finally {
    net.Socket.prototype.connect = saved.connect;
    dns.lookup = saved.lookup;
    http.request = saved.httpRequest;
    https.request = saved.httpsRequest;
    globalThis.fetch = saved.fetch;
  }
}
