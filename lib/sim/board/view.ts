// What the canvas and the panel read of one component: its NodeView and its perNode metrics.
import { round, type NodeView } from '@/lib/sim/engine'
import type { Broker } from './broker'
import { BUSY_QUEUE } from './health'
import type { Station } from './station'

/** failed, unreachable, client, then what happened in the last sampling window. */
function role(s: Station, broker: Broker | undefined, reachable: boolean): string | undefined {
  if (!s.up) return 'failed'
  if (!reachable) return 'unreachable'
  if (s.route.mode === 'source') return 'client'
  if (s.recentRejected > 0) return 'overloaded'
  if (s.recentErrors > 0) return 'errors'
  if ((broker?.backlog ?? 0) >= BUSY_QUEUE) return 'backlog'
  return undefined
}

export function nodeView(s: Station, broker: Broker | undefined, reachable: boolean): NodeView {
  const view: NodeView = {
    id: s.node.id,
    label: s.node.label,
    kind: s.model.view,
    up: s.up,
    // A queue's waiting line is its backlog; its busy count includes deliveries out.
    queue: broker ? broker.backlog : s.queued,
    busy: s.busy + (broker?.inflight ?? 0),
    gauge: round(Math.min(1, Math.max(0, s.recent)), 4),
  }
  if (Number.isFinite(s.model.capacity)) view.capacity = s.model.capacity
  const r = role(s, broker, reachable)
  if (r) view.role = r
  return view
}

export function nodeMetrics(s: Station, broker: Broker | undefined, now: number, expectedUtilisation: number): Record<string, number> {
  return {
    utilisation: round(s.utilisation(now), 4),
    load: round(s.recent, 4),
    expectedUtilisation: round(expectedUtilisation, 4),
    queue: broker ? broker.backlog : s.queued,
    requests: s.arrivals,
    served: s.served,
    errors: s.errors,
    rejected: s.rejected,
  }
}
