import { failInFastProject } from './fast-project.js';
import { postgresReachable } from './postgres.js';
import { redisReachable } from './redis.js';

/**
 * Whether the machine's PostgreSQL and Redis are there. Under CI a missing service is a failure
 * (a silently skipped suite proves nothing); on a laptop the suite is skipped with a clear message.
 */
export async function servicesAvailable(need: { postgres?: boolean; redis?: boolean }): Promise<boolean> {
  failInFastProject('PostgreSQL or Redis');
  const missing: string[] = [];
  if (need.postgres && !(await postgresReachable())) missing.push('PostgreSQL on 127.0.0.1:5432');
  if (need.redis && !(await redisReachable())) missing.push('Redis on 127.0.0.1:6379');
  if (missing.length === 0) return true;
  const msg = `needs ${missing.join(' and ')}`;
  if (process.env.CI === 'true') throw new Error(`${msg} (CI=true: a missing service fails the tests)`);
  console.warn(`skipping: ${msg}`);
  return false;
}
