'use client'
// The live cluster, polled: GET /api/cluster once a second, with each node's relay rate between
// its last two heartbeats. Polling, not a socket: the registry itself is polled state (heartbeats
// every 2 s), so a 1 s poll shows every change within a heartbeat and needs nothing beyond the
// REST route. Used by the /cluster page and the chat simulator's live view.
import { useEffect, useState } from 'react'
import { z } from 'zod'

const POLL_MS = 1_000

// The route's answer, parsed rather than cast: a half-deployed web tier or a proxy error page
// should show as "unreachable", not as a crash inside render.
const clusterSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.string(),
      url: z.string(),
      pid: z.number().int(),
      rooms: z.number().int().nonnegative(),
      connections: z.number().int().nonnegative(),
      relay: z.object({
        sentMessages: z.number().nonnegative(),
        sentBytes: z.number().nonnegative(),
        receivedMessages: z.number().nonnegative(),
        receivedBytes: z.number().nonnegative(),
      }),
      lastSeen: z.number(),
    }),
  ),
})

export type ClusterNode = z.infer<typeof clusterSchema>['nodes'][number]
type Counters = ClusterNode['relay']
/** Relay traffic per second, from the difference between two heartbeats' cumulative counters. */
export type Rate = { messages: number; bytes: number }
export type ClusterView = { nodes: ClusterNode[]; fetchedAt: number; error: string | null; rates: Map<string, Rate> }

// Counters advance with each heartbeat (every 2 s), so the rate is taken between the last two
// distinct heartbeats a node reported, not between two 1 s polls (half of which see no change).
type Sample = { lastSeen: number; relay: Counters }

function relayRate(previous: Sample | undefined, current: ClusterNode): Rate | undefined {
  if (!previous || current.lastSeen <= previous.lastSeen) return undefined
  const seconds = (current.lastSeen - previous.lastSeen) / 1000
  const messages = current.relay.sentMessages + current.relay.receivedMessages - previous.relay.sentMessages - previous.relay.receivedMessages
  const bytes = current.relay.sentBytes + current.relay.receivedBytes - previous.relay.sentBytes - previous.relay.receivedBytes
  // A restarted node starts its counters from zero again: no rate until the next heartbeat.
  if (messages < 0 || bytes < 0) return undefined
  return { messages: messages / seconds, bytes: bytes / seconds }
}

async function fetchCluster(signal: AbortSignal): Promise<ClusterNode[]> {
  const res = await fetch('/api/cluster', { cache: 'no-store', signal })
  if (!res.ok) throw new Error(`HTTP ${res.status}`)
  return clusterSchema.parse(await res.json()).nodes
}

export function useClusterStatus(): ClusterView | null {
  const [view, setView] = useState<ClusterView | null>(null)
  useEffect(() => {
    const controller = new AbortController()
    // Per node: the two most recent distinct heartbeats, and the rate between them.
    const samples = new Map<string, Sample>()
    const rates = new Map<string, Rate>()
    let timer: ReturnType<typeof setTimeout> | undefined
    // A timeout chain rather than setInterval: a slow answer delays the next poll instead of
    // stacking requests behind it.
    const poll = async (): Promise<void> => {
      try {
        const nodes = await fetchCluster(controller.signal)
        for (const node of nodes) {
          const previous = samples.get(node.id)
          if (previous && previous.lastSeen === node.lastSeen) continue
          const rate = relayRate(previous, node)
          if (rate) rates.set(node.id, rate)
          else rates.delete(node.id)
          samples.set(node.id, { lastSeen: node.lastSeen, relay: node.relay })
        }
        setView({ nodes, fetchedAt: Date.now(), error: null, rates: new Map(rates) })
      } catch (error) {
        if (controller.signal.aborted) return
        // Keep the last good cards on screen, marked stale: during a failover drill the web tier
        // may blip too, and blanking the page would hide exactly what the reader is watching.
        const message = error instanceof Error ? error.message : String(error)
        setView((prev) => ({ nodes: prev?.nodes ?? [], fetchedAt: prev?.fetchedAt ?? Date.now(), error: message, rates: prev?.rates ?? new Map() }))
      }
      if (!controller.signal.aborted) timer = setTimeout(() => void poll(), POLL_MS)
    }
    void poll()
    return () => {
      controller.abort()
      if (timer) clearTimeout(timer)
    }
  }, [])

  return view
}
