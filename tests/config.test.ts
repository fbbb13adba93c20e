import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, ENV_KEYS, type Env, loadConfig, loadDotEnv } from '../src/config.js';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** The typed configuration: the plan's spellings are accepted, bad values stop the start. */
describe('configuration', () => {
  it('accepts LOG_LEVEL in any case (the plan writes INFO)', () => {
    expect(loadConfig({ LOG_LEVEL: 'INFO' }).logLevel).toBe('info');
    expect(() => loadConfig({ LOG_LEVEL: 'LOUD' })).toThrow(ConfigError);
  });

  it('takes TRUST_PROXY as hops or addresses, never "everything"', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.1',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });

  it('reads WORKER_CONCURRENCY, CORS_ORIGINS and the LangSmith settings, old names too', () => {
    const c = loadConfig({
      WORKER_CONCURRENCY: '8',
      CORS_ORIGINS: 'https://a.example,https://b.example',
      LANGCHAIN_TRACING_V2: 'true',
      LANGCHAIN_PROJECT: 'old-name',
    });
    expect(c.workerConcurrency).toBe(8);
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(c.langsmith).toMatchObject({ enabled: true, project: 'old-name' });
    expect(() => loadConfig({ WORKER_CONCURRENCY: 'lots' })).toThrow(/WORKER_CONCURRENCY/);
  });
});

describe('HEAP_GROWTH_PERCENT', () => {
  it('defaults to 400, takes 0 for V8 own choice, refuses the rest', () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(400);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '150' }).heapGrowthPercent).toBe(150);
    for (const bad of ['-1', '2.5', '5000', 'lots'])
      expect(() => loadConfig({ HEAP_GROWTH_PERCENT: bad }), bad).toThrow(/HEAP_GROWTH_PERCENT/);
  });
});

// --- The whole schema, one row per setting ---------------------------------------------------------

/**
 * A valid value that differs from the default, for every setting: typed over the schema's keys, so a
 * setting added to EnvSchema without a row here does not compile, and the tests below cover it.
 */
const SAMPLE: Record<keyof Env, string> = {
  NODE_ENV: 'production',
  HOST: '0.0.0.0',
  PORT: '9123',
  DATA_DIR: '/tmp/gm-config-test',
  DATABASE_URL: 'postgres://u:p@db.example:5432/gm',
  LOG_LEVEL: 'debug',
  SESSION_TTL_HOURS: '5',
  MAX_MESSAGE_CHARS: '500',
  TRUST_PROXY: '2',
  CORS_ORIGINS: 'https://a.example',
  ADMIN_TOKEN: 'a-long-enough-admin-token',
  REQUEST_TIMEOUT_MS: '5000',
  MAX_CONNECTIONS: '64',
  PLAYTEST_QUEUE_MAX: '2',
  HEAP_GROWTH_PERCENT: '100',
  MEMORY_BUDGET_MB: '512',
  GAME_TTL_DAYS: '3',
  TRANSCRIPT_TTL_DAYS: '7',
  SESSION_GAME_TTL_DAYS: '45',
  REDIS_URL: 'redis://cache.example:6379',
  REDIS_KEY_PREFIX: 'other:',
  SESSION_CACHE_TTL_SECONDS: '60',
  REDIS_COMMAND_TIMEOUT_MS: '50',
  RATE_LIMIT_MAX: '30',
  RATE_LIMIT_WINDOW_SECONDS: '10',
  CLEANUP_INTERVAL_MINUTES: '2',
  SHUTDOWN_TIMEOUT_MS: '2000',
  JOBS_IN_PROCESS: 'false',
  JOB_TIMEOUT_MS: '2000',
  WORKER_CONCURRENCY: '2',
  LLM_PROVIDER: 'openai-compatible',
  LLM_MODEL: 'llama3',
  LLM_TEMPERATURE: '0.2',
  LLM_MAX_TOKENS: '800',
  ANTHROPIC_API_KEY: 'sk-ant-test',
  ANTHROPIC_BASE_URL: 'http://anthropic.example',
  OPENAI_API_KEY: 'sk-test',
  OPENAI_BASE_URL: 'http://openai.example/v1',
  LLM_TIMEOUT_MS: '1000',
  LLM_STREAM_IDLE_MS: '1000',
  LLM_MAX_RETRIES: '0',
  LLM_RETRY_BASE_MS: '10',
  LLM_RETRY_MAX_DELAY_MS: '20',
  LLM_BREAKER_THRESHOLD: '5',
  LLM_BREAKER_HALF_OPEN_MS: '1000',
  LLM_HISTORY_TURNS: '4',
  LLM_PROMPT_CACHE: 'false',
  LLM_FALLBACK: 'false',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel.example:4318',
  OTEL_SERVICE_NAME: 'other-name',
  METRICS_TOKEN: 'a-long-enough-metrics-token',
  SCRUB_SECRET: 'a-long-enough-scrub-secret',
  METRICS_PORT: '9090',
  WORKER_METRICS_PORT: '9092',
  METRICS_REFRESH_SECONDS: '30',
  LANGSMITH_TRACING: 'true',
  LANGCHAIN_TRACING_V2: 'true',
  LANGSMITH_API_KEY: 'ls-key',
  LANGCHAIN_API_KEY: 'lc-key',
  LANGSMITH_ENDPOINT: 'http://smith.example',
  LANGCHAIN_ENDPOINT: 'http://chain.example',
  LANGSMITH_PROJECT: 'smith-project',
  LANGCHAIN_PROJECT: 'chain-project',
};

/** What a setting needs beside it to be accepted on its own (the provider's own requirements). */
const NEEDS: Partial<Record<keyof Env, NodeJS.ProcessEnv>> = {
  LLM_PROVIDER: { LLM_MODEL: SAMPLE.LLM_MODEL, OPENAI_BASE_URL: SAMPLE.OPENAI_BASE_URL },
};

/** The config, or the message it was refused with: either way a value to compare. */
function outcome(env: NodeJS.ProcessEnv): unknown {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return { refused: e.message };
    throw e;
  }
}

const without = (env: NodeJS.ProcessEnv, key: string) => {
  const { [key]: _, ...rest } = env;
  return rest;
};

describe('every setting of EnvSchema', () => {
  it('has a row here, and the rows are the schema', () => {
    // The export the deploy tests use too: a regex-free list, 50+ names.
    expect(ENV_KEYS.length).toBeGreaterThan(40);
    expect(Object.keys(SAMPLE).sort()).toEqual([...ENV_KEYS].sort());
  });

  it('is read: its sample value changes the configuration', () => {
    for (const key of ENV_KEYS) {
      const context = NEEDS[key] ?? {};
      const set = loadConfig({ ...context, [key]: SAMPLE[key] });
      expect(set, key).not.toEqual(loadConfig(context));
    }
  });

  it('counts as unset when empty or blank, alone and among all the others', () => {
    for (const key of ENV_KEYS) {
      for (const blank of ['', '  ', '\t']) {
        const alone = outcome({ ...NEEDS[key], [key]: blank });
        expect(alone, `${key}=${JSON.stringify(blank)} alone`).toEqual(outcome({ ...NEEDS[key] }));
        expect(alone, `${key}=${JSON.stringify(blank)} alone`).not.toHaveProperty('refused');
        const among = outcome({ ...SAMPLE, [key]: blank });
        expect(among, `${key}=${JSON.stringify(blank)} among the rest`).toEqual(
          outcome(without(SAMPLE, key)),
        );
      }
    }
  });

  it('the reported cases: PORT=, RATE_LIMIT_MAX=, HOST=, LOG_LEVEL=, DATABASE_URL=', () => {
    const c = loadConfig({ PORT: '', RATE_LIMIT_MAX: '', HOST: '', LOG_LEVEL: '', DATABASE_URL: '' });
    expect(c).toMatchObject({ port: 8000, host: '127.0.0.1', logLevel: 'info', databaseUrl: undefined });
    expect(c.rateLimit.max).toBe(600);
  });

  it('stops the start naming the variable when a value is wrong', () => {
    const wrong: Partial<Record<keyof Env, string>> = {
      NODE_ENV: 'staging',
      PORT: '70000',
      DATABASE_URL: 'not a url',
      LOG_LEVEL: 'LOUD',
      SESSION_TTL_HOURS: '-1',
      TRUST_PROXY: 'true',
      ADMIN_TOKEN: 'x'.repeat(201),
      RATE_LIMIT_MAX: '-5',
      JOBS_IN_PROCESS: 'maybe',
      LLM_PROVIDER: 'gemini',
      LLM_TEMPERATURE: '3',
      OPENAI_BASE_URL: 'not a url',
      LANGSMITH_TRACING: 'on',
    };
    for (const [key, value] of Object.entries(wrong)) {
      const result = outcome({ [key]: value });
      expect(result, `${key}=${value}`).toHaveProperty('refused');
      expect((result as { refused: string }).refused, `${key}=${value}`).toContain(key);
    }
    // The ones that belong together are named too.
    expect(outcome({ LLM_PROVIDER: 'openai' })).toEqual({
      refused: expect.stringContaining('OPENAI_API_KEY'),
    });
  });
});

describe('ADMIN_TOKEN', () => {
  it('a short one starts with a warning and analytics off; a long one enables them', () => {
    const short = loadConfig({ ADMIN_TOKEN: 'short' });
    expect(short.adminToken).toBeUndefined();
    expect(short.warnings).toHaveLength(1);
    expect(short.warnings[0]).toMatch(/^ADMIN_TOKEN: shorter than 16 characters/);
    const long = loadConfig({ ADMIN_TOKEN: 'sixteen-chars-ok' });
    expect(long.adminToken).toBe('sixteen-chars-ok');
    expect(long.warnings).toEqual([]);
    expect(loadConfig({}).warnings).toEqual([]);
  });
});

// --- .env ----------------------------------------------------------------------------------------

describe('loadDotEnv', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gm-dotenv-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('fills what the real environment leaves unset or empty, never what it sets', () => {
    const file = join(tempDir(), '.env');
    writeFileSync(
      file,
      '# a comment\nPORT=9001\nLOG_LEVEL=debug\nADMIN_TOKEN="from the file, quoted"\nRATE_LIMIT_MAX=5\nCORS_ORIGINS=\n',
    );
    const env: NodeJS.ProcessEnv = { PORT: '9002', RATE_LIMIT_MAX: '' };
    expect(loadDotEnv(file, env).sort()).toEqual(['ADMIN_TOKEN', 'LOG_LEVEL', 'RATE_LIMIT_MAX']);
    expect(env).toEqual({
      PORT: '9002',
      LOG_LEVEL: 'debug',
      ADMIN_TOKEN: 'from the file, quoted',
      RATE_LIMIT_MAX: '5',
    });
    expect(loadConfig(env)).toMatchObject({ port: 9002, logLevel: 'debug', rateLimit: { max: 5 } });
  });

  it('is fine without a file', () => {
    const env: NodeJS.ProcessEnv = { PORT: '1' };
    expect(loadDotEnv(join(tempDir(), '.env'), env)).toEqual([]);
    expect(env).toEqual({ PORT: '1' });
  });

  /** A child's environment without the test runner's settings (which would shadow the file's). */
  const cleanEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
    return env;
  };

  it('is read by the entry points from their working directory: a wrong value there exits 2 naming it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), 'PORT=lots\n');
    const run = (extra: NodeJS.ProcessEnv = {}) =>
      spawnSync(TSX, [join(ROOT, 'src', 'store', 'migrate-cli.ts')], {
        cwd: dir,
        env: cleanEnv(extra),
        encoding: 'utf8',
        timeout: 60_000,
      });
    const fromFile = run();
    expect(fromFile.status, fromFile.stderr).toBe(2);
    expect(fromFile.stderr).toMatch(/PORT/);
    // The real environment wins over the file: then only its own wrong value is named.
    const real = run({ PORT: '8000', LOG_LEVEL: 'LOUD' });
    expect(real.status, real.stderr).toBe(2);
    expect(real.stderr).toMatch(/LOG_LEVEL/);
    expect(real.stderr).not.toMatch(/PORT/);
  });

  describe('the API process', () => {
    let child: ChildProcess | undefined;
    afterEach(() => {
      child?.kill('SIGKILL');
      child = undefined;
    });

    it('starts from a .env with a short ADMIN_TOKEN, and says why analytics are off', async () => {
      const dir = tempDir();
      // PORT=0: any free port; PGlite in the temp folder; the token too short to be safe.
      writeFileSync(
        join(dir, '.env'),
        `PORT=0\nDATA_DIR=${join(dir, 'data')}\nADMIN_TOKEN=tooshort\nCLEANUP_INTERVAL_MINUTES=60\n`,
      );
      const proc = spawn(TSX, [join(ROOT, 'src', 'main.ts')], { cwd: dir, env: cleanEnv() });
      child = proc;
      let out = '';
      const ready = await new Promise<boolean>((resolve) => {
        proc.stdout?.on('data', (d: Buffer) => {
          out += String(d);
          if (out.includes('is ready on http')) resolve(true);
        });
        proc.stderr?.on('data', (d: Buffer) => {
          out += String(d);
        });
        proc.on('exit', () => resolve(false));
      });
      expect(ready, out).toBe(true);
      const lines = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; msg: string; settings?: string[] });
      const warning = lines.find((l) => l.msg.startsWith('ADMIN_TOKEN:'));
      expect(warning?.level, out).toBe(40);
      expect(out).not.toContain('tooshort');
      expect(lines.find((l) => l.msg === 'settings read from .env')?.settings?.sort()).toEqual([
        'ADMIN_TOKEN',
        'CLEANUP_INTERVAL_MINUTES',
        'DATA_DIR',
        'PORT',
      ]);
      const exited = new Promise((resolve) => proc.on('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    }, 120_000);
  });
});
