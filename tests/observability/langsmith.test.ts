import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptedAgent } from '../fake-model/agent.js';
import { anthropicEnv } from '../fake-model/env.js';
import { type FakeModelServer, startFakeModelServer } from '../fake-model/server.js';
import { startTestApp } from '../support/app.js';
import { type Asked, childAnswer, SCRIPTS } from '../support/child.js';

/**
 * LangSmith, configured as an operator would: every run reaches the endpoint (a local HTTP server
 * standing in for LangSmith) with timings and token usage, and nothing the child said.
 */
interface Sink {
  url: string;
  bodies: string[];
  server: Server;
}

async function startSink(): Promise<Sink> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      if (req.method === 'POST' || req.method === 'PATCH') bodies.push(body.toString('utf8'));
      // /info: a server with no special features, so runs come uncompressed and in batches.
      res.writeHead(req.url?.startsWith('/info') ? 200 : 202, { 'content-type': 'application/json' });
      res.end(req.url?.startsWith('/info') ? JSON.stringify({ version: 'test' }) : '{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = addr && typeof addr === 'object' ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, bodies, server };
}

let fake: FakeModelServer;
let sink: Sink;
beforeAll(async () => {
  fake = await startFakeModelServer(scriptedAgent);
  sink = await startSink();
});
afterAll(async () => {
  await fake?.close();
  await new Promise((r) => sink?.server.close(r));
});

describe('LangSmith tracing', () => {
  it('sends every agent and model run with token usage, and no child’s words', async () => {
    const t = await startTestApp({
      env: {
        ...anthropicEnv(fake),
        LANGSMITH_TRACING: 'true',
        LANGSMITH_ENDPOINT: sink.url,
        LANGSMITH_API_KEY: 'lsv2-test-key',
        LANGSMITH_PROJECT: 'gm-test',
      },
    });
    const sent: string[] = [];
    try {
      const script = SCRIPTS.find((s) => /tacos/.test(s.book));
      if (!script) throw new Error('no script');
      const start = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
      let asked = start.asked as Asked;
      let phase = 'identifying';
      for (let n = 0; phase !== 'complete' && n < 20; n++) {
        // A distinctive word in every message, so any leak of the child's words is visible.
        const message = `${childAnswer(script, asked)} quibblewhisk`;
        sent.push(message);
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/message',
          payload: { session_id: start.session_id, message },
        });
        expect(r.statusCode).toBe(200);
        asked = r.json().asked;
        phase = r.json().phase;
      }
      expect(phase).toBe('complete');
    } finally {
      // Closing flushes what is still queued.
      await t.close();
    }
    const all = sink.bodies.join('\n');
    expect(sink.bodies.length).toBeGreaterThan(0);
    // Runs for the graph, each agent node, and the model calls, with token counts.
    for (const name of ['conversation_turn', 'story_analyst', 'game_designer', 'code_generator']) {
      expect(all).toContain(`"${name}"`);
    }
    expect(all).toMatch(/ChatAnthropic/);
    expect(all).toMatch(/"input_tokens":\s*\d+/);
    // Nothing the child said, and no reply (replies echo the child's words).
    expect(all.toLowerCase()).not.toContain('quibblewhisk');
    expect(all).not.toContain('lsv2-test-key');
  });
});
