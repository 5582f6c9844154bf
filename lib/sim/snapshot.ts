// What "Drop on board" writes: the run's identity (simulator, seed, time, parameters, injected
// events) and its headline numbers, as plain text for a sticky note. Enough to re-create the
// run from the note alone. Pure.
import type { Metrics, Simulator } from '@/lib/sim/engine'
import { formatNumber } from './format'
import { CUT_PREFIX, type SharedRun } from './shared-run'

/** The numbers worth reading at a glance (and on a dropped note), per simulator. */
export const KEY_METRICS: Readonly<Record<string, readonly string[]>> = {
  'load-balancing': ['arrivals', 'throughput', 'latencyP50', 'latencyP99', 'dropped', 'maxQueue', 'sessionsLost'],
  caching: ['reads', 'hitRatio', 'cheHitRatio', 'dbLoad', 'meanLatency', 'evictions'],
  sharding: ['queries', 'movedFraction', 'keyCV', 'hottestShardShare', 'failedQueries', 'latencyP99'],
  cap: ['operations', 'availability', 'staleReads', 'conflicts', 'latencyP99', 'messagesLost'],
  'rate-limiting': ['requests', 'accepted', 'rejected', 'unauthorized', 'revenue', 'maxEnvelopeOverBound'],
  'event-bus': ['committed', 'lag', 'redeliveries', 'duplicates', 'lostEvents', 'ackedLost', 'replayedStateEqualsLive', 'latencyP99'],
  'cqrs-fanout': ['posts', 'writeAmplification', 'maxFanout', 'readLatencyP99', 'staleReadFraction', 'maxStaleness', 'missedAfterLag'],
  'failure-handling': ['successRate', 'theoryAvailability', 'latencyP50', 'latencyP99', 'amplification', 'retries', 'shortCircuited'],
  notifications: ['latencyHighP50', 'latencyHighP99', 'latencyLowP50', 'cost', 'dropped', 'duplicatesDelivered', 'priorityViolations'],
  chat: ['messages', 'pubsubRate', 'fanoutPerMessage', 'reconnectP50', 'reconnectP99', 'keysMoved', 'outOfOrder'],
  basics: ['throughput', 'maxThroughput', 'latencyP50', 'latencyP99', 'lowLoadLatency', 'bottleneckTier', 'saturatedAt'],
  board: ['requests', 'throughput', 'latencyP50', 'latencyP99', 'errorRate', 'bottleneck', 'saturationRate'],
}

export function keyMetrics(sim: Pick<Simulator, 'id' | 'metrics'>, metrics: Metrics): string[] {
  const wanted = KEY_METRICS[sim.id] ?? sim.metrics.filter((m) => m.kind === 'value').map((m) => m.name).slice(0, 6)
  return wanted.filter((name) => Object.hasOwn(metrics.values, name))
}

function describeEvent(f: SharedRun['failures'][number]): string {
  const what = f.node.startsWith(CUT_PREFIX) ? `partition ${f.node.slice(CUT_PREFIX.length)}`.trim() : f.node
  return `${f.heal ? 'heal' : 'fail'} ${what} @ ${formatNumber(f.at)}`
}

export function snapshotText(sim: Pick<Simulator, 'id' | 'title' | 'timeUnit' | 'metrics'>, record: SharedRun, metrics: Metrics): string {
  const params = Object.entries(record.params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : String(v)}`)
    .join(', ')
  const values = keyMetrics(sim, metrics).map((name) => {
    const unit = sim.metrics.find((m) => m.name === name)?.unit
    return `${name}: ${formatNumber(metrics.values[name])}${unit ? ` ${unit}` : ''}`
  })
  return [
    `Simulator: ${sim.title}`,
    `seed ${record.seed}, t = ${formatNumber(metrics.time)} ${sim.timeUnit}`,
    `params: ${params}`,
    ...(record.failures.length ? [`events: ${record.failures.map(describeEvent).join('; ')}`] : []),
    ...values,
  ].join('\n')
}
