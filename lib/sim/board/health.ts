// One colour class per component for the canvas, from its NodeView alone.
import type { NodeView } from '@/lib/sim/engine'

export type Health = 'ok' | 'busy' | 'overloaded' | 'failed'

/** Utilisation at or above which a component is overloaded: queues grow fast past ~90%. */
export const OVERLOADED_AT = 0.9
/** Utilisation at or above which it is busy: waiting becomes noticeable past ~60%. */
export const BUSY_AT = 0.6
/** Requests waiting (or a queue's backlog) at or above which a component counts as busy. */
export const BUSY_QUEUE = 10

/**
 * failed: clicked down. overloaded: utilisation >= 0.9 over the last sampling window, or it
 * refused requests in that window because its waiting room was full (role 'overloaded').
 * busy: utilisation >= 0.6, >= 10 requests waiting, or it answered with errors in the last
 * window (role 'errors', e.g. a dependency is down). ok: anything else.
 */
export function describeHealth(node: Pick<NodeView, 'up' | 'gauge' | 'role' | 'queue'>): Health {
  if (!node.up) return 'failed'
  const u = node.gauge ?? 0
  if (u >= OVERLOADED_AT || node.role === 'overloaded') return 'overloaded'
  if (u >= BUSY_AT || node.queue >= BUSY_QUEUE || node.role === 'errors') return 'busy'
  return 'ok'
}
