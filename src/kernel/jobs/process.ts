import fs from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who this process is, in terms another process on the same machine can check:
 * its pid, where that pid is meaningful (`pidScope`: the machine's boot and the pid
 * namespace, so two containers that share a host name are not confused), and when the
 * operating system started it (`processStartedAt`), so that a pid reused by a later
 * process is told apart from the one that recorded it.
 */
export interface ProcessIdentity {
  host: string;
  pid: number;
  /** Null where /proc is not available (then liveness is told by heartbeats only). */
  pidScope: string | null;
  processStartedAt: string | null;
}

/** Clock ticks per second in /proc/<pid>/stat: 100 on every Linux architecture Node.js runs on. */
const CLOCK_TICKS = 100;

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function pidScope(): string | null {
  const boot = read('/proc/sys/kernel/random/boot_id')?.trim();
  let ns: string | null;
  try {
    ns = fs.readlinkSync('/proc/self/ns/pid');
  } catch {
    ns = null;
  }
  return boot && ns ? `${boot}/${ns}` : null;
}

let bootMs: number | null | undefined;

/** When the operating system started `pid` (from /proc), or null when it has no such process or does not say. */
export function processStartedAt(pid: number): string | null {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return null;
  // Field 22 (starttime, in clock ticks since boot); the command name (field 2) may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  if (bootMs === undefined) {
    const btime = /^btime (\d+)$/m.exec(read('/proc/stat') ?? '')?.[1];
    bootMs = btime ? Number(btime) * 1000 : null;
  }
  if (bootMs === null || !Number.isFinite(ticks)) return null;
  return new Date(bootMs + (ticks * 1000) / CLOCK_TICKS).toISOString();
}

let self: ProcessIdentity | null = null;

export function thisProcess(): ProcessIdentity {
  self ??= { host: hostname(), pid: process.pid, pidScope: pidScope(), processStartedAt: processStartedAt(process.pid) };
  return self;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process a worker row describes is gone, as far as this process can tell
 * from the same machine: true when its pid is not running, or runs a process started at
 * another instant (the pid was reused); false when it runs; null when the worker lives
 * elsewhere (another machine or pid namespace), where only its heartbeat tells.
 */
export function processGone(worker: { pid: number; pid_scope: string | null; process_started_at: string | null }, here = thisProcess()): boolean | null {
  if (!worker.pid_scope || worker.pid_scope !== here.pidScope) return null;
  if (!pidAlive(worker.pid)) return true;
  if (!worker.process_started_at) return false;
  const started = processStartedAt(worker.pid);
  return started !== worker.process_started_at;
}
