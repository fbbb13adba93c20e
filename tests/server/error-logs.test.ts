import { PassThrough } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createFreshDatabase, type FreshDatabase } from '../support/postgres.js';
import { servicesAvailable } from '../support/services.js';

/**
 * A real database error on a message full of personal data: the error log line names the kind of
 * failure, never the query's parameters, the message or the session state.
 */
const ok = await servicesAvailable({ postgres: true });

describe.skipIf(!ok)('error logs', () => {
  let db: FreshDatabase;
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    db = await createFreshDatabase();
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => lines.push(...c.toString('utf8').split('\n').filter(Boolean)));
    t = await startTestApp({ databaseUrl: db.url, logStream: stream });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('keep the kind of a database failure and drop the values it carried', async () => {
    const start = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
    // One real turn first, so the session state holds the child's words ("zorblax").
    await t.app.inject({
      method: 'POST',
      url: '/api/message',
      payload: { session_id: start.session_id, message: 'the zorblax book' },
    });
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    // The transcript table goes away: the next insert fails inside PostgreSQL.
    await admin.query('ALTER TABLE messages RENAME TO messages_away');
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/message',
        payload: {
          session_id: start.session_id,
          // Words the scrubber keeps (quixotic jellybeans) must not reach the log either.
          message: 'my name is Wilhelmina Grubb, I love quixotic jellybeans, call me on 07700 900123',
        },
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(500);
      expect(res.json()).toMatchObject({ success: false });
    } finally {
      await admin.query('ALTER TABLE messages_away RENAME TO messages');
      await admin.end();
    }
    const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.level >= 50);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].err.type).toMatch(/Error/);
    const text = lines.join('\n');
    for (const secret of [
      'Wilhelmina',
      'Grubb',
      '900123',
      'quixotic',
      'jellybeans',
      'zorblax',
      'insert into',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
