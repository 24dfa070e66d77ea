/**
 * CPU time of processes on this machine, from Linux's /proc (proc(5): `/proc/<pid>/stat` fields 14–17,
 * utime / stime / cutime / cstime, in clock ticks of 1/100 s — USER_HZ, which is 100 on every Linux
 * architecture the project runs on). Lets a bench say where a run's seconds went: in the app's
 * process, in the PostgreSQL server, or waiting. Off Linux (no /proc) every figure is 0.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICK_S = 0.01;

interface Stat {
  comm: string;
  ppid: number;
  /** utime + stime, seconds. */
  own: number;
  /** cutime + cstime: children this process has waited for, seconds. */
  reaped: number;
}

function stat(pid: number | string): Stat | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = s.lastIndexOf(')');
    const comm = s.slice(s.indexOf('(') + 1, close);
    // After "(comm) " come field 3 (state), 4 (ppid), … so field n is rest[n - 3].
    const rest = s.slice(close + 2).split(' ');
    const n = (field: number) => Number(rest[field - 3] ?? 0);
    return { comm, ppid: n(4), own: (n(14) + n(15)) * TICK_S, reaped: (n(16) + n(17)) * TICK_S };
  } catch {
    return null;
  }
}

/** User + system CPU seconds a process (all its threads) has used so far; 0 when it is gone. */
export function processCpuSeconds(pid: number): number {
  return stat(pid)?.own ?? 0;
}

/**
 * User + system CPU seconds of the local PostgreSQL server so far: every live `postgres` process
 * (postmaster, backends, checkpointer, WAL writer, autovacuum) plus what the postmaster's exited
 * children used (its cutime / cstime). Only meaningful when the bench's database runs on this machine.
 */
export function postgresCpuSeconds(): number {
  let dirs: string[];
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  let total = 0;
  for (const d of dirs) {
    const s = stat(d);
    if (!s || s.comm !== 'postgres') continue;
    total += s.own;
    if (stat(s.ppid)?.comm !== 'postgres') total += s.reaped; // the postmaster
  }
  return total;
}

/** Logical CPUs of this machine. */
export const cpuCount = (): number => os.cpus().length;
