// L2 (team sessions) and L8 (Redis cost), on the bench's latency measurement
// (bench/scenarios.ts `latency`): 10 rooms x 20 clients, 2 updates/s each, once with affinity ON
// (every client of a room on the room's node) and once OFF (clients alternate between the two
// nodes, so every update crosses Redis); then the brief's cross-node case, 200 updates/s in one
// room of 2 clients on different nodes. L8 counts redis-server's PUBLISH calls over the OFF run's
// send window. No cursor traffic in these runs: L8 bounds PUBLISH per document update, and
// awareness frames would be published too. The matrix allows anti-entropy on top: each node
// holding a room publishes its state vector once per resync period (server/node.ts resyncMs).
import { DEFAULT_NODE_TUNING } from '@/server/node'
import { latency, type LatencyResult } from '../bench/scenarios'
import { publishCalls } from './redis-stats'
import { atMost, type Criterion, type ScenarioResult } from './report'
import type { System } from './system'

export async function teamSessions(sys: System, opts: { durationS: number }): Promise<ScenarioResult> {
  const { server } = sys
  const port = server.redisPort
  if (port === undefined) throw new Error('L8 needs the deployment with Redis')
  const shape = { rooms: 10, clients: 20, rate: 20 * 2, durationMs: opts.durationS * 1000, warmupMs: 2_000, cursorHz: 0 }
  const on = await latency(server, { ...shape, crossNode: false })
  let before = 0
  let publishes = 0
  let openedAt = 0
  let windowMs = 0
  const off = await latency(server, {
    ...shape,
    crossNode: true,
    window: {
      open() {
        before = publishCalls(port)
        openedAt = performance.now()
      },
      close() {
        publishes = publishCalls(port) - before
        windowMs = performance.now() - openedAt
      },
    },
  })
  const antiEntropy = shape.rooms * server.nodeCount * Math.ceil(windowMs / DEFAULT_NODE_TUNING.resyncMs)
  const brief = await latency(server, { rooms: 1, clients: 2, rate: 200, durationMs: opts.durationS * 1000, warmupMs: 1_000, crossNode: true, cursorHz: 0 })
  const rows = (name: string, r: LatencyResult, p99: number): Criterion[] => [
    atMost('L2', `${name} p99`, r.p99, p99, 'ms'),
    atMost('L2', `${name} updates never delivered`, r.lost, 0, ''),
  ]
  return {
    scenario: `L2 team sessions (10 rooms x 20 clients, 2 upd/s each, ${opts.durationS} s per run) + L8 Redis cost`,
    figures: {
      'affinity ON p50 / p99 ms': `${on.p50.toFixed(1)} / ${on.p99.toFixed(1)} (${on.sentPerSec.toFixed(0)} upd/s, node CPU ${on.cpuPercent.map((c) => c.toFixed(0)).join('+')}%)`,
      'affinity OFF p50 / p99 ms': `${off.p50.toFixed(1)} / ${off.p99.toFixed(1)} (${off.sentPerSec.toFixed(0)} upd/s, node CPU ${off.cpuPercent.map((c) => c.toFixed(0)).join('+')}%)`,
      'cross-node 1 room x 2 clients, 200 upd/s, p50 / p99 ms': `${brief.p50.toFixed(1)} / ${brief.p99.toFixed(1)}`,
      'PUBLISH calls in the OFF window': publishes,
      'updates sent in the OFF window': off.sent,
      'anti-entropy allowance (rooms x nodes x resync periods)': antiEntropy,
    },
    criteria: [
      ...rows('affinity ON', on, 100),
      ...rows('affinity OFF', off, 100),
      atMost('L2', 'cross-node p99 at 200 upd/s in one room', brief.p99, 10, 'ms'),
      // Publishes are counted until the drain ends; updates still undelivered then may be
      // published later, so the ratio is only known when none is left (NaN fails the bound).
      atMost('L8', 'Redis PUBLISH per update beyond the anti-entropy allowance (affinity OFF)', off.lost > 0 ? NaN : (publishes - antiEntropy) / off.sent, 1, ''),
    ],
    notes: ['latency as the bench measures it: from the send (not an open-loop schedule) until every other client of the room has the update'],
  }
}
