// L4 (idle capacity): 2,000 idle synced connections in 1,000 rooms on one node. A deliberate
// variant of the matrix's "RSS per connection": the bound applies to what the node holds per
// connection right after a full GC (V8 heap used + external, from node-probe.mjs on SIGUSR2).
// RSS deltas at this scale are dominated by V8's page bookkeeping, not by the connections: in
// nine runs here (RSS none -> all open, each after a GC) the figure ranged from 6 to 30.2 KB
// from a fresh node, and was negative (-10, -23 KB) after a warm-up round, while heap + external
// stayed at 10-12 KB. The RSS figure is still printed, as bench row 4a measures it.
import type { Endpoint } from '../bench/load-generator'
import { BenchClient, closeAll, openClients } from '../bench/load-generator'
import { atMost, type ScenarioResult } from './report'
import type { System } from './system'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export async function idleCapacity(sys: System, opts: { connections: number; perRoom: number }): Promise<ScenarioResult> {
  const { server, probes } = sys
  const node = server.pid(0)
  const rooms = Array.from({ length: Math.ceil(opts.connections / opts.perRoom) }, (_, i) => `bload${Date.now().toString(36)}m${i}`)
  await server.prepareRooms(rooms)
  const endpoints: Endpoint[] = []
  for (let i = 0; i < opts.connections; i++) endpoints.push(await server.endpoint(rooms[Math.floor(i / opts.perRoom)]!, 0))
  /** RSS and live memory (bytes) right after a full GC in the node. */
  const sample = async (): Promise<{ rss: number; live: number }> => {
    await sleep(1_500)
    const from = Date.now()
    process.kill(node, 'SIGUSR2')
    await sleep(500)
    return { rss: server.rss(0), live: probes.window(node, from, Date.now()).liveBytes.at(-1) ?? NaN }
  }
  const empty = await sample()
  const clients = await openClients((i) => new BenchClient(endpoints[i]!), opts.connections, 50)
  const open = await sample()
  await closeAll(clients)
  const kb = (bytes: number): number => bytes / opts.connections / 1024
  return {
    scenario: `L4 idle capacity: ${opts.connections} idle connections in ${rooms.length} rooms on one node`,
    figures: {
      'node RSS with none / all open MB': `${(empty.rss / 2 ** 20).toFixed(1)} / ${(open.rss / 2 ** 20).toFixed(1)}`,
      'RSS per connection KB (bench row 4a style; varies by run, see idle.ts)': kb(open.rss - empty.rss),
    },
    criteria: [atMost('L4', 'memory held per idle connection (V8 heap + external, after GC)', kb(open.live - empty.live), 30, 'KB')],
    notes: [],
  }
}
