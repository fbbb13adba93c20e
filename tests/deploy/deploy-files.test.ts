import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_KEYS, loadConfig } from '../../src/config.js';

/**
 * The operator's deployment files, checked without a Docker engine or a Render account: each is
 * parsed and held to what its platform documents, and to what the app actually reads.
 * scripts/docker-smoke.sh replays the Dockerfile's steps for real; this file checks the text.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
// docker-compose.yml shares settings through YAML 1.1 merge keys (`<<: *app`).
const readYaml = (file: string) => parse(read(file), { merge: true });

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => {
  if (typeof v !== 'object' || v === null) throw new Error(`expected a mapping, got ${String(v)}`);
  return v as Obj;
};
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;

// --- What the app reads ------------------------------------------------------------------------

/** EnvSchema's keys: every setting the app reads, exported by src/config.ts for these checks. */
const envSchemaKeys = (): string[] => [...ENV_KEYS];

/** Documented in .env.example for docker-compose.yml itself, not read by the app. */
const COMPOSE_ONLY = ['POSTGRES_PASSWORD'];

/** `KEY=value` lines of .env.example, commented out (defaults) or not (secrets, left empty). */
function envExample() {
  const text = read('.env.example');
  const active = parseEnv(text);
  const all = parseEnv(text.replace(/^# ?(?=[A-Z][A-Z0-9_]*=)/gm, ''));
  return { text, active, all };
}

describe('.env.example', () => {
  it('documents every key of EnvSchema, and only those', () => {
    const schema = envSchemaKeys();
    // A regex that silently stopped matching would pass everything below.
    expect(schema.length).toBeGreaterThan(30);
    expect(schema).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'ANTHROPIC_API_KEY']));
    const documented = Object.keys(envExample().all);
    for (const key of schema) expect(documented, key).toContain(key);
    // And nothing more: a documented setting the app never reads is a promise it does not keep.
    for (const key of documented) {
      if (!COMPOSE_ONLY.includes(key)) expect(schema, `${key} is documented but read nowhere`).toContain(key);
    }
  });

  it('gives each setting a comment and leaves every active secret empty', () => {
    const { text, active } = envExample();
    for (const [key, value] of Object.entries(active)) {
      expect(key, `${key} should be commented out (a default) or be a secret`).toMatch(SECRET_NAME);
      expect(value, `${key} must stay empty in the example`).toBe('');
    }
    // Every setting, or the run of settings it belongs to, has a comment above it.
    const lines = text.split('\n');
    const setting = (l = '') => /^(# ?)?[A-Z][A-Z0-9_]*=/.test(l);
    lines.forEach((line, i) => {
      if (!setting(line)) return;
      let j = i - 1;
      while (j >= 0 && setting(lines[j])) j--;
      expect(lines[j] ?? '', `nothing explains ${line}`).toMatch(/^# ?\S/);
    });
  });

  it('is accepted by the app as it stands and with every line uncommented', () => {
    const { active, all } = envExample();
    expect(() => loadConfig(active)).not.toThrow();
    expect(() => loadConfig(all)).not.toThrow();
  });
});

// --- Dockerfile --------------------------------------------------------------------------------

interface Instruction {
  op: string;
  args: string;
}

/** Instructions with continuation lines joined and comments dropped, split into stages. */
function dockerfile(): Instruction[][] {
  const joined = read('Dockerfile').replace(/\\\n/g, ' ');
  const stages: Instruction[][] = [];
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [op = '', ...rest] = line.split(/\s+/);
    const ins = { op: op.toUpperCase(), args: rest.join(' ') };
    if (ins.op === 'FROM') stages.push([]);
    stages.at(-1)?.push(ins);
  }
  return stages;
}

/** `ENV A=1 B=2` (or the legacy `ENV A 1`) as a map. */
function envOf(stage: Instruction[]): Obj {
  const env: Obj = {};
  for (const { args } of stage.filter((i) => i.op === 'ENV')) {
    if (!args.includes('=')) {
      const [k = '', ...v] = args.split(/\s+/);
      env[k] = v.join(' ');
      continue;
    }
    for (const pair of args.split(/\s+/)) {
      const [k = '', v = ''] = pair.split('=');
      env[k] = v.replace(/^"|"$/g, '');
    }
  }
  return env;
}

describe('Dockerfile', () => {
  const stages = dockerfile();
  const runtime = stages.at(-1) ?? [];
  const build = stages[0] ?? [];
  const all = stages.flat();

  it('is multi-stage on an exact, even-numbered (LTS) Node slim tag', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      const from = stage[0]?.args ?? '';
      const m = /^node:(\d+)\.\d+\.\d+-(bookworm|trixie)-slim(@sha256:[0-9a-f]{64})?(\s+AS\s+\w+)?$/i.exec(
        from,
      );
      expect(m, `FROM ${from}`).not.toBeNull();
      expect(Number(m?.[1]) % 2, 'odd Node majors are never LTS').toBe(0);
      expect(Number(m?.[1])).toBeGreaterThanOrEqual(22);
    }
    // One base for both stages: native optional packages resolved at build must match at run.
    expect(new Set(stages.map((s) => s[0]?.args.split(/\s+/)[0])).size).toBe(1);
  });

  it('builds with the full install and ships production dependencies only', () => {
    const runs = (stage: Instruction[]) => stage.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs(build).some((r) => /\bnpm ci\b/.test(r) && !r.includes('--omit=dev'))).toBe(true);
    expect(runs(build).some((r) => r.includes('npm run build'))).toBe(true);
    expect(runs(runtime).some((r) => /\bnpm ci\b.*--omit=dev/.test(r))).toBe(true);
    expect(runs(runtime).some((r) => r.includes('npm run build'))).toBe(false);
    const copies = runtime.filter((i) => i.op === 'COPY').map((i) => i.args);
    expect(copies).toContain('--from=build /app/dist ./dist');
    expect(copies.some((c) => /^drizzle\s/.test(c))).toBe(true);
    expect(copies.some((c) => c.startsWith('package.json package-lock.json'))).toBe(true);
  });

  it('copies only paths that exist, and the build scripts need nothing else', () => {
    for (const { args } of all.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))) {
      const sources = args.split(/\s+/).slice(0, -1);
      for (const s of sources) expect(existsSync(join(ROOT, s)), s).toBe(true);
    }
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    const steps = [...(pkg.scripts.build ?? '').matchAll(/build:(\w+)/g)];
    expect(steps.length).toBeGreaterThan(0);
    const configs = steps.map((m) => pkg.scripts[`build:${m[1]}`]);
    const copied = build.filter((i) => i.op === 'COPY').flatMap((i) => i.args.split(/\s+/));
    for (const cmd of configs) {
      for (const file of cmd?.match(/[\w.-]+\.(json|ts)\b/g) ?? []) expect(copied, file).toContain(file);
    }
  });

  it('runs as the image’s unprivileged node user with a writable /data', () => {
    const users = runtime.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users.at(-1)).toBe('node');
    const userAt = runtime.findIndex((i) => i.op === 'USER');
    expect(userAt).toBeLessThan(runtime.findIndex((i) => i.op === 'CMD'));
    const chown = runtime.findIndex((i) => i.op === 'RUN' && /chown node:node \/data/.test(i.args));
    expect(chown).toBeGreaterThanOrEqual(0);
    // A change to a declared volume's folder after VOLUME is discarded.
    const volume = runtime.findIndex((i) => i.op === 'VOLUME');
    if (volume >= 0) expect(chown).toBeLessThan(volume);
  });

  it('sets the production environment, port and health check', () => {
    expect(envOf(runtime)).toMatchObject({
      HOST: '0.0.0.0',
      PORT: '8000',
      NODE_ENV: 'production',
      DATA_DIR: '/data',
    });
    expect(runtime.find((i) => i.op === 'EXPOSE')?.args).toBe('8000');
    expect(JSON.parse(runtime.find((i) => i.op === 'CMD')?.args ?? 'null')).toEqual([
      'node',
      'dist/src/main.js',
    ]);
    const hc = runtime.find((i) => i.op === 'HEALTHCHECK')?.args ?? '';
    const cmd = JSON.parse(hc.slice(hc.indexOf('CMD') + 3)) as string[];
    expect(cmd.slice(0, 2)).toEqual(['node', '-e']);
    expect(cmd[2]).toContain('http://127.0.0.1:');
    expect(cmd[2]).toContain('/api/health');
    // Slim images have neither.
    expect(hc).not.toMatch(/\b(curl|wget)\b/);
  });

  it('puts no secret into any layer', () => {
    for (const { op, args } of all.filter((i) => i.op === 'ARG' || i.op === 'ENV')) {
      expect(args, `${op} ${args}`).not.toMatch(SECRET_NAME);
    }
    const ignore = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', 'data', '.git', '.env', '.env.*', '!.env.example']) {
      expect(ignore, entry).toContain(entry);
    }
  });

  it('is replayed step for step by scripts/docker-smoke.sh', () => {
    const smoke = read('scripts/docker-smoke.sh');
    for (const { args } of all.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))) {
      for (const s of args.split(/\s+/).slice(0, -1)) expect(smoke, `COPY ${s}`).toContain(`/${s}`);
    }
    expect(smoke).toContain('npm ci --no-audit --no-fund');
    expect(smoke).toContain('npm run build');
    expect(smoke).toContain('npm ci --omit=dev');
  });
});

// --- docker-compose.yml ------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  const compose = obj(readYaml('docker-compose.yml'));
  const services = obj(compose.services);
  const service = (name: string) => obj(services[name]);
  const apps = ['web1', 'web2', 'worker'];

  it('runs a proxy, two API instances and a worker from this image, on PostgreSQL and Redis', () => {
    expect(Object.keys(services).sort()).toEqual(['postgres', 'proxy', 'redis', 'web1', 'web2', 'worker']);
    const images = new Set(apps.map((s) => service(s).image));
    expect(images.size).toBe(1);
    for (const name of apps) {
      const s = service(name);
      expect(s.build).toBe('.');
      const env = obj(s.environment);
      expect(env.HOST).toBe('0.0.0.0');
      expect(String(env.DATABASE_URL)).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.JOBS_IN_PROCESS).toBe('false');
    }
    expect(service('worker').command).toEqual(['node', 'dist/src/worker.js']);
    // Only the proxy is published, on loopback: no TLS here, and no way around the proxy.
    for (const name of ['web1', 'web2', 'worker', 'postgres', 'redis'])
      expect(service(name).ports, name).toBeUndefined();
    expect(service('proxy').ports).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+:\d+$/)]);
  });

  it('pins pgvector, Redis and HAProxy images to exact versions', () => {
    expect(service('postgres').image).toMatch(/^pgvector\/pgvector:\d+\.\d+\.\d+-pg\d+$/);
    expect(service('redis').image).toMatch(/^redis:\d+\.\d+\.\d+-alpine$/);
    // Alpine: its busybox wget runs the health check. 2.3+ for deploy/haproxy.cfg's ${NAME-default}.
    expect(service('proxy').image).toMatch(/^haproxy:[3-9]\.\d+\.\d+-alpine$/);
    // BullMQ refuses to run on an evicting Redis.
    expect(service('redis').command).toEqual(expect.arrayContaining(['--maxmemory-policy', 'noeviction']));
  });

  it('health-checks every service and starts apps only on healthy dependencies', () => {
    for (const [name, s] of Object.entries(services)) {
      const test = obj(obj(s).healthcheck).test as string[];
      expect(test?.[0], name).toBe('CMD');
    }
    for (const name of ['web1', 'web2']) {
      expect(obj(service(name).healthcheck).test).toEqual(
        expect.arrayContaining([expect.stringContaining('/api/health')]),
      );
    }
    // The proxy is healthy when a request through it reaches a ready instance.
    expect(obj(service('proxy').healthcheck).test).toEqual(
      expect.arrayContaining([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/ready$/)]),
    );
    for (const name of apps) {
      const deps = obj(service(name).depends_on);
      expect(Object.keys(deps).sort(), name).toEqual(['postgres', 'redis']);
      for (const d of Object.values(deps)) expect(obj(d).condition).toBe('service_healthy');
    }
  });

  it('passes on only settings the app documents', () => {
    const documented = Object.keys(envExample().all);
    for (const name of apps) {
      for (const key of Object.keys(obj(service(name).environment))) expect(documented, key).toContain(key);
    }
  });

  // --- As docker-compose itself reads it (Debian's 1.29 here; `docker compose` v2 reads it alike)

  /** `docker-compose config` of a copy of the file in a temp folder, with or without a `.env`. */
  function composeConfig(dotEnv: string | null, shell: NodeJS.ProcessEnv = {}): Obj {
    const dir = mkdtempSync(join(tmpdir(), 'gm-compose-'));
    try {
      copyFileSync(join(ROOT, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
      mkdirSync(join(dir, 'deploy'));
      copyFileSync(join(ROOT, 'deploy', 'haproxy.cfg'), join(dir, 'deploy', 'haproxy.cfg'));
      if (dotEnv !== null) writeFileSync(join(dir, '.env'), dotEnv);
      // Nothing from the test runner's environment: only the file, the .env and `shell` count.
      const r = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...shell },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.status, r.stderr).toBe(0);
      // Bind mounts come out absolute: point them back at this repository's files.
      return obj(parse(r.stdout.replaceAll(dir, ROOT)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const envOf = (config: Obj, name: string) =>
    obj(obj(obj(config.services)[name]).environment) as Record<string, string>;

  /** Set by the file itself for the compose topology; every other setting comes from .env/shell. */
  const FIXED: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: '0.0.0.0',
    PORT: '8000',
    DATA_DIR: '/data',
    DATABASE_URL: 'postgres://gamemaker:gamemaker@postgres:5432/gamemaker',
    REDIS_URL: 'redis://redis:6379',
    JOBS_IN_PROCESS: 'false',
    TRUST_PROXY: '1',
  };

  it('is accepted by docker-compose, with no .env: every setting arrives, unset ones empty', (ctx) => {
    requireDockerCompose(ctx);
    const config = composeConfig(null);
    for (const name of apps) {
      const env = envOf(config, name);
      for (const key of ENV_KEYS) {
        expect(env, `${name}: ${key}`).toHaveProperty(key);
        expect(env[key], `${name}: ${key}`).toBe(FIXED[key] ?? '');
      }
      // What the containers get starts the app: empty counts as unset, the topology is set.
      const c = loadConfig(env);
      expect(c).toMatchObject({ port: 8000, trustProxy: 1, jobsInProcess: false, rateLimit: { max: 600 } });
    }
  });

  it('passes every setting of .env to the API instances and the worker; the shell wins', (ctx) => {
    requireDockerCompose(ctx);
    // A marker per setting, fixed ones included (the file must keep its own for those).
    const dotEnv = ENV_KEYS.map((key) => `${key}=from-env-file-${key}`).join('\n');
    const config = composeConfig(`${dotEnv}\nPOSTGRES_PASSWORD=s3cret\n`, { LOG_LEVEL: 'warn' });
    for (const name of apps) {
      const env = envOf(config, name);
      for (const key of ENV_KEYS) {
        const expected =
          key === 'DATABASE_URL'
            ? 'postgres://gamemaker:s3cret@postgres:5432/gamemaker'
            : key === 'LOG_LEVEL'
              ? 'warn'
              : (FIXED[key] ?? `from-env-file-${key}`);
        expect(env[key], `${name}: ${key}`).toBe(expected);
      }
    }
  });

  it('believes exactly the one proxy in front: TRUST_PROXY=1 behind HAProxy with forwardfor', (ctx) => {
    requireDockerCompose(ctx);
    const config = composeConfig(null);
    const all = obj(config.services);
    // Proxies: services from a reverse-proxy image. One layer, in front of both API instances.
    const proxies = Object.entries(all).filter(([, s]) =>
      /^(haproxy|nginx|traefik|caddy|envoyproxy\/envoy)\b/.test(String(obj(s).image)),
    );
    expect(proxies.map(([n]) => n)).toEqual(['proxy']);
    for (const name of apps) expect(envOf(config, name).TRUST_PROXY, name).toBe(String(proxies.length));
    // No path around it: the API instances are published nowhere, the proxy is.
    for (const name of ['web1', 'web2']) expect(obj(all[name]).ports, name).toBeUndefined();
    const proxy = obj(all.proxy);
    expect(proxy.ports).toHaveLength(1);
    // The mounted config sends X-Forwarded-For, health-checks, and names both instances.
    const mount = (proxy.volumes as string[]).find((v) => v.includes('/usr/local/etc/haproxy/haproxy.cfg'));
    expect(mount, 'deploy/haproxy.cfg mounted where the image reads it').toMatch(/\/deploy\/haproxy\.cfg:/);
    const cfg = read('deploy/haproxy.cfg');
    expect(cfg).toMatch(/^\s*option forwardfor\b/m);
    expect(cfg).toMatch(/^\s*option httpchk\b.*\/api\/ready/m);
    expect(cfg).toMatch(/^\s*default-server\b.*\bcheck\b/m);
    const servers = [...cfg.matchAll(/^\s*server\s+\S+\s+"\$\{\w+-([\w.-]+):(\d+)\}"/gm)].map(
      (m) => `${m[1]}:${m[2]}`,
    );
    // Each instance once, whatever backup (last-resort) entries name it again.
    expect([...new Set(servers)].sort()).toEqual(['web1:8000', 'web2:8000']);
    const bind = /^\s*bind\s+"\$\{\w+-:(\d+)\}"/m.exec(cfg)?.[1];
    expect(proxy.ports).toEqual([expect.stringMatching(new RegExp(`:${bind}/tcp$`))]);
    expect(obj(proxy.healthcheck).test).toEqual(
      expect.arrayContaining([expect.stringContaining(`:${bind}/`)]),
    );
  });

  it('has no anonymous volumes: every mount is a declared named volume or a bind of a file here', (ctx) => {
    requireDockerCompose(ctx);
    const config = composeConfig(null);
    const declared = Object.keys(obj(config.volumes ?? {}));
    for (const [name, s] of Object.entries(obj(config.services))) {
      for (const v of (obj(s).volumes as string[] | undefined) ?? []) {
        const [source = ''] = v.split(':');
        if (source.startsWith('/')) expect(existsSync(source), `${name}: ${v}`).toBe(true);
        else expect(declared, `${name}: ${v}`).toContain(source);
        // A mount without a source is an anonymous volume.
        expect(v.split(':').length, `${name}: ${v}`).toBeGreaterThan(1);
      }
    }
    // The image declares none either (a VOLUME is an anonymous volume per container in compose),
    // unless compose mounts a named volume or bind over it in every service of this image.
    const declaredInImage = dockerfile()
      .flat()
      .filter((i) => i.op === 'VOLUME')
      .flatMap((i) => (i.args.startsWith('[') ? (JSON.parse(i.args) as string[]) : i.args.split(/\s+/)));
    for (const path of declaredInImage) {
      for (const name of apps) {
        const mounts = (obj(obj(config.services)[name]).volumes as string[] | undefined) ?? [];
        expect(
          mounts.map((m) => m.split(':')[1]),
          `${name} leaves VOLUME ${path} anonymous`,
        ).toContain(path);
      }
    }
  });
});

/** docker-compose is needed for the checks that read the file as Compose does (never skipped on CI). */
function requireDockerCompose(ctx: { skip: (note?: string) => void }) {
  const which = spawnSync('sh', ['-c', 'command -v docker-compose']);
  if (which.status === 0) return;
  const hint = 'docker-compose is not installed (bash scripts/ensure-tools.sh installs it)';
  if (process.env.CI === 'true') throw new Error(hint);
  ctx.skip(hint);
}

// --- render.yaml -------------------------------------------------------------------------------

/**
 * Render's Blueprint YAML reference (https://render.com/docs/blueprint-spec): the fields it
 * documents for each kind of resource. Deprecated spellings (`env`, `autoDeploy`, type `redis`)
 * are left out on purpose.
 */
const RENDER = {
  rootKeys: ['services', 'databases', 'envVarGroups', 'projects', 'ungrouped', 'previews'],
  serviceTypes: ['web', 'worker', 'pserv', 'cron', 'keyvalue'],
  runtimes: ['node', 'python', 'elixir', 'go', 'ruby', 'rust', 'docker', 'image', 'static'],
  serviceFields: [
    'name',
    'type',
    'runtime',
    'plan',
    'previews',
    'buildCommand',
    'startCommand',
    'schedule',
    'preDeployCommand',
    'region',
    'repo',
    'branch',
    'autoDeployTrigger',
    'domains',
    'healthCheckPath',
    'maxShutdownDelaySeconds',
    'dockerCommand',
    'dockerfilePath',
    'dockerContext',
    'registryCredential',
    'image',
    'numInstances',
    'scaling',
    'buildFilter',
    'rootDir',
    'disk',
    'staticPublishPath',
    'headers',
    'routes',
    'envVars',
  ],
  keyValueFields: ['name', 'type', 'ipAllowList', 'region', 'plan', 'previewPlan', 'maxmemoryPolicy'],
  databaseFields: [
    'name',
    'plan',
    'previewPlan',
    'diskSizeGB',
    'previewDiskSizeGB',
    'region',
    'ipAllowList',
    'postgresMajorVersion',
    'databaseName',
    'user',
    'readReplicas',
    'highAvailability',
  ],
  servicePlans: ['free', 'starter', 'standard', 'pro', 'pro plus', 'pro max', 'pro ultra'],
  // Current Postgres instance types; legacy ones cannot be created.
  databasePlans: [
    'free',
    'basic-256mb',
    'basic-1gb',
    'basic-4gb',
    ...['4gb', '8gb', '16gb', '32gb', '64gb', '128gb', '192gb', '256gb', '384gb', '512gb'].map(
      (s) => `pro-${s}`,
    ),
    ...['16gb', '32gb', '64gb', '128gb', '256gb', '384gb', '512gb', '768gb', '1024gb'].map(
      (s) => `accelerated-${s}`,
    ),
  ],
  regions: ['oregon', 'ohio', 'virginia', 'frankfurt', 'singapore'],
  maxmemoryPolicies: [
    'allkeys-lru',
    'volatile-lru',
    'allkeys-random',
    'volatile-random',
    'volatile-ttl',
    'noeviction',
  ],
  envSources: ['value', 'fromDatabase', 'fromService', 'generateValue', 'sync'],
  databaseProperties: ['connectionString', 'user', 'password', 'database', 'host', 'port', 'hostport'],
  serviceProperties: {
    web: ['host', 'port', 'hostport'],
    pserv: ['host', 'port', 'hostport'],
    keyvalue: ['connectionString'],
  } as Record<string, string[]>,
};

describe('render.yaml', () => {
  const blueprint = obj(readYaml('render.yaml'));
  const services = (blueprint.services as Obj[]) ?? [];
  const databases = (blueprint.databases as Obj[]) ?? [];
  const groups = (blueprint.envVarGroups as Obj[]) ?? [];
  const byName = (name: string) => services.find((s) => s.name === name);
  const envVars = (s: Obj) => (s.envVars as Obj[] | undefined) ?? [];
  const envOfService = (s: Obj) => Object.fromEntries(envVars(s).map((e) => [e.key, e]));

  it('uses only the root keys, service types and fields Render documents', () => {
    for (const key of Object.keys(blueprint)) expect(RENDER.rootKeys).toContain(key);
    const names = [...services, ...databases].map((s) => s.name);
    expect(new Set(names).size, 'names must be unique').toBe(names.length);
    for (const s of services) {
      const where = `service ${String(s.name)}`;
      expect(s.name, where).toBeTypeOf('string');
      expect(RENDER.serviceTypes, where).toContain(s.type);
      const fields = s.type === 'keyvalue' ? RENDER.keyValueFields : RENDER.serviceFields;
      for (const f of Object.keys(s)) expect(fields, `${where}: ${f}`).toContain(f);
      if (s.plan !== undefined) expect(RENDER.servicePlans, where).toContain(s.plan);
      if (s.region !== undefined) expect(RENDER.regions, where).toContain(s.region);
      if (s.type === 'keyvalue') {
        expect(Array.isArray(s.ipAllowList), `${where}: ipAllowList is required`).toBe(true);
        if (s.maxmemoryPolicy !== undefined) expect(RENDER.maxmemoryPolicies).toContain(s.maxmemoryPolicy);
        continue;
      }
      expect(RENDER.runtimes, `${where}: runtime is required`).toContain(s.runtime);
      if (s.runtime !== 'docker' && s.runtime !== 'image') {
        expect(s.buildCommand, `${where}: buildCommand`).toBeTypeOf('string');
        expect(s.startCommand, `${where}: startCommand`).toBeTypeOf('string');
      }
      if (s.type === 'cron') expect(s.schedule, where).toBeTypeOf('string');
      if (s.healthCheckPath !== undefined)
        expect(s.type, `${where}: healthCheckPath is web-only`).toBe('web');
      if (['worker', 'pserv', 'cron'].includes(String(s.type))) expect(s.plan, where).not.toBe('free');
      if (s.runtime === 'docker')
        expect(existsSync(join(ROOT, String(s.dockerfilePath ?? 'Dockerfile')))).toBe(true);
    }
    for (const d of databases) {
      for (const f of Object.keys(d))
        expect(RENDER.databaseFields, `database ${String(d.name)}: ${f}`).toContain(f);
      expect(d.name).toBeTypeOf('string');
      if (d.plan !== undefined) expect(RENDER.databasePlans).toContain(d.plan);
      if (d.postgresMajorVersion !== undefined) expect(d.postgresMajorVersion).toBeTypeOf('string');
    }
  });

  it('gives every env var one documented source, and every reference a target', () => {
    for (const s of services) {
      const keys = envVars(s).map((e) => e.key);
      expect(new Set(keys).size, `${String(s.name)}: duplicate keys`).toBe(keys.length);
      for (const e of envVars(s)) {
        const where = `${String(s.name)}: ${String(e.key ?? e.fromGroup)}`;
        if (e.fromGroup !== undefined) {
          expect(Object.keys(e), where).toEqual(['fromGroup']);
          expect(
            groups.map((g) => g.name),
            where,
          ).toContain(e.fromGroup);
          continue;
        }
        expect(e.key, where).toBeTypeOf('string');
        const sources = Object.keys(e).filter((k) => k !== 'key');
        expect(sources, where).toHaveLength(1);
        expect(RENDER.envSources, where).toContain(sources[0]);
        // Quoted: YAML would turn false or 8000 into a boolean or a number.
        if ('value' in e) expect(e.value, where).toBeTypeOf('string');
        if ('sync' in e) expect(e.sync, where).toBe(false);
        if ('generateValue' in e) expect(e.generateValue, where).toBe(true);
        if (SECRET_NAME.test(String(e.key))) expect('value' in e, `${where} is a secret`).toBe(false);
        if (e.fromDatabase) {
          const ref = obj(e.fromDatabase);
          expect(
            databases.map((d) => d.name),
            where,
          ).toContain(ref.name);
          expect(RENDER.databaseProperties, where).toContain(ref.property);
        }
        if (e.fromService) {
          const ref = obj(e.fromService);
          const target = byName(String(ref.name));
          expect(target?.type, where).toBe(ref.type);
          if (ref.envVarKey !== undefined) {
            expect(ref.property, where).toBeUndefined();
            expect(Object.keys(envOfService(target ?? {})), where).toContain(ref.envVarKey);
          } else {
            expect(RENDER.serviceProperties[String(ref.type)], where).toContain(ref.property);
          }
        }
      }
    }
  });

  it('deploys the API, a worker, Postgres and Key Value from the Dockerfile', () => {
    const web = services.filter((s) => s.type === 'web');
    const worker = services.filter((s) => s.type === 'worker');
    const kv = services.filter((s) => s.type === 'keyvalue');
    expect([web.length, worker.length, kv.length, databases.length]).toEqual([1, 1, 1, 1]);
    const [api, work] = [web[0] ?? {}, worker[0] ?? {}];
    expect(api).toMatchObject({ runtime: 'docker', healthCheckPath: '/api/ready' });
    expect(work).toMatchObject({ runtime: 'docker', dockerCommand: 'node dist/src/worker.js' });
    expect(kv[0]).toMatchObject({ ipAllowList: [], maxmemoryPolicy: 'noeviction' });
    for (const s of [api, work]) {
      const env = envOfService(s);
      expect(env.DATABASE_URL?.fromDatabase).toEqual({
        name: databases[0]?.name,
        property: 'connectionString',
      });
      expect(env.REDIS_URL?.fromService).toEqual({
        type: 'keyvalue',
        name: kv[0]?.name,
        property: 'connectionString',
      });
    }
    const env = envOfService(api);
    expect(env.JOBS_IN_PROCESS?.value).toBe('false');
    for (const secret of ['ANTHROPIC_API_KEY', 'ADMIN_TOKEN']) expect(env[secret]?.sync, secret).toBe(false);
  });

  it('sets only settings the app documents', () => {
    const documented = Object.keys(envExample().all);
    for (const s of [...services, ...groups]) {
      for (const e of envVars(s)) if (e.key) expect(documented, String(e.key)).toContain(e.key);
    }
  });

  it('shares one settings group between the API and the worker, so they agree on the model', () => {
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) {
      expect(Object.keys(g).sort(), String(g.name)).toEqual(['envVars', 'name']);
      for (const e of envVars(g)) {
        const sources = Object.keys(e).filter((k) => k !== 'key');
        // Groups hold plain values (references to services and databases are per service).
        expect(sources, String(e.key)).toEqual(['value']);
        expect(e.value, String(e.key)).toBeTypeOf('string');
        expect(String(e.key), 'secrets are per service').not.toMatch(SECRET_NAME);
      }
    }
    const attached = (s: Obj) => envVars(s).flatMap((e) => (e.fromGroup ? [String(e.fromGroup)] : []));
    const [api, work] = ['web', 'worker'].map((t) => services.find((s) => s.type === t) ?? {});
    expect(attached(api ?? {})).toEqual(groups.map((g) => g.name));
    expect(attached(work ?? {})).toEqual(attached(api ?? {}));
    // A setting set on one service only would differ between them: only topology may.
    const perService = (s: Obj) => envVars(s).flatMap((e) => (e.key && 'value' in e ? [String(e.key)] : []));
    const groupKeys = groups.flatMap((g) => envVars(g).map((e) => String(e.key)));
    for (const key of [...perService(api ?? {}), ...perService(work ?? {})]) {
      expect(groupKeys, key).not.toContain(key);
      expect(
        ['PORT', 'TRUST_PROXY', 'JOBS_IN_PROCESS', 'WORKER_CONCURRENCY'],
        `${key} belongs in the group`,
      ).toContain(key);
    }
    // The worker runs the model the API would: every secret the API asks for, it takes from there.
    const secrets = envVars(api ?? {})
      .filter((e) => 'sync' in e)
      .map((e) => String(e.key));
    const mirrored = envVars(work ?? {})
      .filter((e) => e.fromService && obj(e.fromService).envVarKey)
      .map((e) => String(e.key));
    for (const key of secrets.filter((k) => k !== 'ADMIN_TOKEN')) expect(mirrored, key).toContain(key);
  });

  it("believes the proxies in front of a Render web service: Cloudflare and two of Render's", () => {
    // X-Forwarded-For on an onrender.com service reads "<client>, <Cloudflare edge>, <Render 10.x>",
    // sent by a further Render proxy (github.com/arcjet/arcjet-js issues 3899 and 5411).
    const RENDER_PROXIES = 3;
    const api = services.find((s) => s.type === 'web') ?? {};
    const trust = envOfService(api).TRUST_PROXY?.value;
    expect(trust).toBe(String(RENDER_PROXIES));
    expect(loadConfig({ TRUST_PROXY: String(trust) }).trustProxy).toBe(RENDER_PROXIES);
  });
});

// --- Monitoring --------------------------------------------------------------------------------

/** The upgrade plan's metric names (Phase 2.2) and the ones the operations work adds. */
const METRICS = [
  'gamemaker_sessions_total',
  'gamemaker_messages_total',
  'gamemaker_games_generated_total',
  'gamemaker_errors_total',
  'gamemaker_message_latency_seconds_bucket',
  'gamemaker_llm_latency_seconds_bucket',
  'gamemaker_active_sessions',
  'gamemaker_http_request_duration_seconds_bucket',
  'gamemaker_model_circuit_open',
  // The error ratio (5xx and failed streamed turns over requests), time to first token, the queue.
  'gamemaker_http_request_duration_seconds_count',
  'gamemaker_stream_turns_failed_total',
  'gamemaker_llm_first_token_seconds_bucket',
  'gamemaker_generation_queue_jobs',
  'gamemaker_generation_queue_oldest_waiting_seconds',
];
const metricsIn = (expr: string) => expr.match(/\bgamemaker_\w+/g) ?? [];

/** Metric names the app registers (prom-client `name: 'gamemaker_...'` anywhere under src/). */
function definedMetrics(): Set<string> {
  const names = new Set<string>();
  const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' });
  for (const f of files.filter((f) => f.endsWith('.ts'))) {
    for (const m of read(join('src', f)).matchAll(/name: '(gamemaker_\w+)'/g)) names.add(m[1] ?? '');
  }
  return names;
}

describe('monitoring', () => {
  it('uses metrics the app registers', () => {
    const defined = definedMetrics();
    for (const m of METRICS) expect(defined, m).toContain(m.replace(/_(bucket|count)$/, ''));
  });

  it('the Grafana dashboard charts the plan’s metrics and nothing else', () => {
    const dashboard = JSON.parse(read('deploy/grafana-dashboard.json')) as Obj;
    expect(dashboard.title).toBeTypeOf('string');
    const panels = dashboard.panels as Obj[];
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    const exprs = panels.flatMap((p) => (p.targets as Obj[]).map((t) => String(t.expr)));
    const used = new Set(exprs.flatMap(metricsIn));
    for (const m of used) expect(METRICS, m).toContain(m);
    for (const m of METRICS) expect(used, `no panel shows ${m}`).toContain(m);
    expect(exprs.some((e) => e.includes('histogram_quantile(0.95'))).toBe(true);
    expect(exprs.some((e) => e.includes('histogram_quantile(0.5'))).toBe(true);
  });

  it('the alert rules cover errors, latency, instances and the model circuit', () => {
    const all = (obj(readYaml('deploy/prometheus-alerts.yml')).groups as Obj[]).flatMap(
      (g) => g.rules as Obj[],
    );
    // Recording rules (the error ratio per window) feed the alerts; promtool checks both (alerts.test.ts).
    for (const r of all.filter((r) => r.record !== undefined)) {
      expect(r.record).toMatch(/^gamemaker:/);
      for (const m of metricsIn(String(r.expr))) expect(METRICS, m).toContain(m);
    }
    const rules = all.filter((r) => r.record === undefined);
    for (const r of rules) {
      expect(r.alert).toBeTypeOf('string');
      expect(r.for).toMatch(/^\d+[smh]$/);
      expect(obj(r.labels).severity).toBeTypeOf('string');
      expect(obj(r.annotations).summary).toBeTypeOf('string');
      for (const m of metricsIn(String(r.expr))) expect(METRICS, m).toContain(m);
    }
    const expr = (needle: string) => rules.map((r) => String(r.expr)).find((e) => e.includes(needle)) ?? '';
    expect(expr('gamemaker:error_ratio:rate5m > 0.001')).toBeTruthy();
    expect(expr('gamemaker_message_latency_seconds_bucket')).toMatch(
      /histogram_quantile\(0\.95[\s\S]*brain="offline"[\s\S]*\[5m\][\s\S]*> 0\.5/,
    );
    expect(expr('up{')).toMatch(/== 0/);
    expect(expr('gamemaker_model_circuit_open')).toMatch(/> 0/);
  });

  it('Prometheus scrapes the compose API instances and loads the rules', () => {
    const config = obj(readYaml('deploy/prometheus.yml'));
    expect(config.rule_files).toContain('prometheus-alerts.yml');
    const job = (config.scrape_configs as Obj[]).find((j) => j.job_name === 'the-game-maker');
    const targets = ((job?.static_configs ?? []) as Obj[]).flatMap((c) => c.targets as string[]);
    expect(targets.sort()).toEqual(['web1:8000', 'web2:8000']);
    const compose = obj(obj(readYaml('docker-compose.yml')).services);
    for (const t of targets) expect(Object.keys(compose)).toContain(t.split(':')[0]);
  });
});
