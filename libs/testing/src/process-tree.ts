import { freePort as anyFreePort } from '#runtime';
import { execFileSync } from 'node:child_process';

export interface ProcessInfo {
  readonly pid: number;
  readonly command: string;
}

function ps(args: string[]): string {
  try {
    return execFileSync('ps', args, { encoding: 'utf8' });
  } catch {
    return ''; // ps exits 1 when it selects no process
  }
}

/** A process and all its descendants, read from `ps` (procps). */
export function processTree(pid: number): ProcessInfo[] {
  const [self] = ps(['-o', 'args=', '-p', String(pid)]).split('\n');
  const children = ps(['-o', 'pid=', '--ppid', String(pid)])
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(Number);
  return [{ pid, command: self ?? '' }, ...children.flatMap(processTree)];
}

/** Those of `processes` still running: present and not a zombie (exited, waiting to be reaped). */
export function stillRunning(processes: readonly ProcessInfo[]): ProcessInfo[] {
  if (processes.length === 0) return [];
  const running = new Set(
    ps(['-o', 'pid=,stat=', '-p', processes.map((p) => p.pid).join(',')])
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([pid, state]) => pid && state && !state.startsWith('Z'))
      .map(([pid]) => Number(pid)),
  );
  return processes.filter((p) => running.has(p.pid));
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const port = await anyFreePort(0);
  if (port === undefined) throw new Error('no free port');
  return port;
}
