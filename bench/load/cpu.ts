import { readFileSync } from 'node:fs';

/**
 * Where the machine's CPU went during a run, from /proc (Linux): the app instances (every thread),
 * this load generator, and everything else (PostgreSQL, Redis, the rest of the machine). On two
 * shared cores this is what says whether a run was limited by the CPU, and by whose.
 */

const TICK_MS = 10; // USER_HZ = 100

export interface CpuSnapshot {
  at: number;
  /** Busy ticks of the whole machine (all cores). */
  machine: number;
  apps: number;
  self: number;
}

/** utime + stime of a process (all its threads), in ticks; 0 if it is gone. */
function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

function machineBusyTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal ...
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
}

export function cpuSnapshot(appPids: number[]): CpuSnapshot {
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    machine: machineBusyTicks(),
    apps: appPids.reduce((sum, pid) => sum + processTicks(pid), 0),
    self: (usage.user + usage.system) / 1000 / TICK_MS,
  };
}

export interface CpuSpent {
  /** CPU ms per answered message. */
  appsMs: number;
  generatorMs: number;
  restMs: number;
  /** Share of all cores busy over the run (1 = every core all the time). */
  busy: number;
}

export function cpuSpent(a: CpuSnapshot, b: CpuSnapshot, messages: number, cores: number): CpuSpent {
  const per = (ticks: number) => (messages > 0 ? (ticks * TICK_MS) / messages : Number.NaN);
  const machine = b.machine - a.machine;
  const apps = b.apps - a.apps;
  const self = b.self - a.self;
  return {
    appsMs: per(apps),
    generatorMs: per(self),
    restMs: per(Math.max(0, machine - apps - self)),
    busy: (machine * TICK_MS) / ((b.at - a.at) * cores),
  };
}
