import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../support/app.js';
import { childAnswer, SCRIPTS } from '../support/child.js';

describe('a restart', () => {
  it('keeps sessions, transcripts and games (a new app over the same DATA_DIR)', async () => {
    const script = SCRIPTS[0];
    if (!script) throw new Error('no script');
    const first = await startTestApp();
    const dataDir = first.dataDir;
    try {
      const start = await first.app.inject({ method: 'POST', url: '/api/start_session', payload: {} });
      const id = start.json().session_id as string;
      let said = start.json().message as string;
      let phase = 'identifying';
      // Half a conversation, then a restart, then the rest.
      for (let i = 0; i < 3; i++) {
        const r = await first.app.inject({
          method: 'POST',
          url: '/api/message',
          payload: { session_id: id, message: childAnswer(script, phase, said) },
        });
        said = r.json().message;
        phase = r.json().phase;
      }
      const before = (await first.app.inject({ method: 'GET', url: `/api/session/${id}` })).json();
      await first.close({ keepData: true });

      const second = await startTestApp({ dataDir });
      try {
        const after = (await second.app.inject({ method: 'GET', url: `/api/session/${id}` })).json();
        expect(after).toEqual(before);
        let n = 0;
        while (phase !== 'complete' && n++ < 20) {
          const r = await second.app.inject({
            method: 'POST',
            url: '/api/message',
            payload: { session_id: id, message: childAnswer(script, phase, said) },
          });
          expect(r.statusCode).toBe(200);
          said = r.json().message;
          phase = r.json().phase;
        }
        expect(phase).toBe('complete');
        const page = await second.app.inject({ method: 'GET', url: `/api/game/${id}` });
        expect(page.statusCode).toBe(200);
      } finally {
        await second.close({ keepData: true });
      }

      const third = await startTestApp({ dataDir });
      try {
        const page = await third.app.inject({ method: 'GET', url: `/api/game/${id}` });
        expect(page.statusCode).toBe(200);
        expect(page.body.toLowerCase()).toContain('taco');
      } finally {
        await third.close({ keepData: true });
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
