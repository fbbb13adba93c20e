import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** Share of the cap at which idle keep-alive connections start being closed to make room. */
const HIGH_WATER = 0.75;

/**
 * At most `max` open connections, so that connections which only hold a keep-alive slot (a
 * health checker's, an attacker's) cannot use up the process's file descriptors and lock every
 * child out. Past the cap Node refuses a connection outright; before that, near the cap, the
 * connections idle between requests are closed (their clients reconnect when they next ask), so a
 * new client finds room. Connections busy with a request or a stream are never closed here, and
 * neither is one that has not sent its first request yet (that may be the new client: the
 * headers timeout deals with those that never do). Node's closeIdleConnections() would close
 * both of the latter.
 */
export function capConnections(server: Server, max: number): void {
  server.maxConnections = max;
  let open = 0;
  // Sockets between two requests, longest idle first (a Set keeps insertion order).
  const idle = new Set<Socket>();
  const reclaim = () => {
    for (const socket of idle) socket.destroy();
    idle.clear();
  };
  server.on('connection', (socket: Socket) => {
    open++;
    socket.once('close', () => {
      open--;
      idle.delete(socket);
    });
    if (open >= Math.floor(max * HIGH_WATER)) reclaim();
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    idle.delete(socket);
    res.once('finish', () => {
      if (!socket.destroyed) idle.add(socket);
    });
  });
  // A connection refused at the cap: make room for the client's retry.
  server.on('drop', reclaim);
}
