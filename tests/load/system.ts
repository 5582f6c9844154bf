// The system under test for the load rows: the bench's deployment of our tier (two
// server/sync-main.ts processes, a real redis-server, one temp SQLite database; bench/servers.ts),
// with the loop-lag probe in every node. This process is the load generator: it runs no part of
// the tier, so the nodes' figures are not mixed with the clients' work. `pin` puts the nodes on
// CPU 0 and the generator on CPU 1 (`taskset`), as the matrix's "load generator pinned" asks.
import { execFileSync } from 'node:child_process'
import { percentile } from '../bench/scenarios'
import { startServer, type BenchServer } from '../bench/servers'
import { enableProbes, type Probes } from './probes'

export type System = { server: BenchServer; probes: Probes; stop(): Promise<void> }

export function pinTo(pid: number, cpu: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' })
}

export async function startSystem(pin: boolean): Promise<System> {
  const probes = await enableProbes()
  const server = await startServer('A')
  if (pin) {
    for (let i = 0; i < server.nodeCount; i++) pinTo(server.pid(i), 0)
    pinTo(process.pid, 1)
  }
  return {
    server,
    probes,
    async stop() {
      await server.stop()
      probes.dispose()
    },
  }
}

export type LoopFigures = { lagP50: number; lagP99: number; lagMax: number; rssMb: number }

/** Loop lag and last RSS of process `pid` over [fromMs, toMs] (epoch ms). */
export function loopFigures(probes: Probes, pid: number, fromMs: number, toMs: number): LoopFigures {
  const w = probes.window(pid, fromMs, toMs)
  return {
    lagP50: percentile(w.lagMs, 50),
    lagP99: percentile(w.lagMs, 99),
    lagMax: percentile(w.lagMs, 100),
    rssMb: (w.rssBytes.at(-1) ?? NaN) / (1024 * 1024),
  }
}
