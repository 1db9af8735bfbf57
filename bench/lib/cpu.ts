// Where a benchmark phase's CPU went, from /proc (Linux): the machine's busy share, this process
// (Tally, the engine and the client when they run in one process) and PostgreSQL's processes, in cores.

import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const TICKS_PER_SECOND = 100;

export interface CpuSnapshot {
  readonly at: number;
  readonly machineBusy: number;
  readonly machineTotal: number;
  readonly selfMicros: number;
  readonly postgresTicks: number;
}

function processTicks(command: string): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== command) continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // a process that ended while being read
    }
  }
  return ticks;
}

export function cpuSnapshot(): CpuSnapshot {
  const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = f.map(Number);
  const idle = n[3] + n[4];
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  const self = process.cpuUsage();
  return { at: performance.now(), machineBusy: total - idle, machineTotal: total, selfMicros: self.user + self.system, postgresTicks: processTicks('postgres') };
}

/** CPU used between two snapshots: the machine's busy share (0–1) and cores used by this process and by PostgreSQL */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): { machine_busy: number; cores: number; tally_cores: number; postgres_cores: number } {
  const seconds = (b.at - a.at) / 1000;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    machine_busy: round((b.machineBusy - a.machineBusy) / Math.max(1, b.machineTotal - a.machineTotal)),
    cores: cpus().length,
    tally_cores: round((b.selfMicros - a.selfMicros) / 1e6 / seconds),
    postgres_cores: round((b.postgresTicks - a.postgresTicks) / TICKS_PER_SECOND / seconds),
  };
}
