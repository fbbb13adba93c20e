import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildAgentGraph, runTurn } from '../../src/agents/graph.js';
import { traceBrain } from '../../src/agents/layers/traced.js';
import { createOfflineBrain } from '../../src/agents/offline/index.js';
import { initialState } from '../../src/agents/state.js';
import { inSpan, startTracing } from '../../src/observability/tracing.js';

/** The production wiring: spans leave over OTLP/HTTP to the configured collector. */
describe('startTracing', () => {
  it('is off without an endpoint', async () => {
    const off = startTracing({ endpoint: undefined, serviceName: 'x', version: '1' });
    expect(off.enabled).toBe(false);
    await off.shutdown();
  });

  it('exports spans to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces, with the service name', async () => {
    const received: Array<{ url: string; body: string }> = [];
    const collector = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString('latin1');
      });
      req.on('end', () => {
        received.push({ url: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    const { port } = collector.address() as AddressInfo;
    const tracing = startTracing({
      endpoint: `http://127.0.0.1:${port}`,
      serviceName: 'gamemaker-test',
      version: '9.9.9',
    });
    try {
      expect(tracing.enabled).toBe(true);
      // The tracing layer, as the composition root applies it.
      const graph = buildAgentGraph(traceBrain(createOfflineBrain()));
      await inSpan('conversation.turn', { 'gamemaker.session_id': 's-otlp' }, () =>
        runTurn(graph, initialState(), 'the gruffalo'),
      );
      // Shutting down flushes the batch.
      await tracing.shutdown();
      expect(received.length).toBeGreaterThan(0);
      expect(received[0]?.url).toBe('/v1/traces');
      const all = received.map((r) => r.body).join('');
      expect(all).toContain('gamemaker-test');
      expect(all).toContain('conversation.turn');
      expect(all).toContain('agent.story_analyst');
    } finally {
      collector.close();
    }
  });
});
