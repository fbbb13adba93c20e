import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../paths.js';
import { openPgliteClient } from './pglite-client.js';

// biome-ignore lint/suspicious/noExplicitAny: both drivers' query-result types differ; the repository only uses the shared API.
export type Db = PgDatabase<any>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies pending migrations; safe when several instances start together. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connections per instance to PostgreSQL. A message needs two short statements; twenty leave room
 * for bursts while two instances (and a worker) stay far below the server's 100 connections.
 */
export const DEFAULT_POOL_SIZE = 20;

/** A fixed key for pg_advisory_lock: one migrator at a time across all instances. */
const MIGRATION_LOCK_KEY = 727_274_001;

export function openDatabase(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
}): Database {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? DEFAULT_POOL_SIZE);
  return openPglite(opts.dataDir);
}

function openPglite(dataDir: string): Database {
  mkdirSync(dataDir, { recursive: true });
  const { client, lean } = openPgliteClient(dataDir);
  const driver = () => drizzlePglite({ client: lean as unknown as PGlite });
  const db = driver() as unknown as Db;
  return {
    db,
    kind: 'pglite',
    // PGlite is single-process by construction: no lock needed.
    migrate: () => migratePglite(driver(), { migrationsFolder: MIGRATIONS_DIR }),
    close: () => client.close(),
  };
}

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzleNodePg(pool) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migrateNodePg(drizzleNodePg(client), { migrationsFolder: MIGRATIONS_DIR });
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
