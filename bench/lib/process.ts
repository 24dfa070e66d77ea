/** Helpers to run a server process for a benchmark, wait for its output and read its memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /**
   * SIGTERM to the whole process group (as a terminal's Ctrl+C or a service manager would); resolves
   * when all of its processes have exited.
   */
  stop: () => Promise<number | null>;
}

/** Starts a command in its own process group, collecting stdout and stderr. */
export function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Running {
  const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async () => {
    const group = -child.pid!;
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      // already gone
    }
    const code = await exited;
    // npm exits on the signal at once; wait until every process of the group (the server) is gone.
    for (;;) {
      try {
        process.kill(group, 0);
      } catch {
        return code;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, output: () => out, exited, stop };
}

/** Resolves when `pattern` appears in the output (rejects if the process exits or time runs out). */
export async function waitFor(p: Running, pattern: RegExp, ms = 180_000): Promise<RegExpExecArray> {
  const end = Date.now() + ms;
  for (;;) {
    const m = pattern.exec(p.output());
    if (m) return m;
    if (p.child.exitCode !== null) throw new Error(`process exited:\n${p.output()}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The pid and all descendant pids (e.g. npm → sh → node). */
function tree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      const list = readFileSync(`/proc/${out[i]}/task/${out[i]}/children`, 'utf8').trim();
      if (list) out.push(...list.split(/\s+/).map(Number));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Resident set size in MB of the largest process under `pid`: the server, not npm's wrapper. */
export function serverRssMb(pid: number): number {
  let best = 0;
  for (const id of tree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${id}/status`, 'utf8'));
      if (m) best = Math.max(best, Number(m[1]) / 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  return best;
}
