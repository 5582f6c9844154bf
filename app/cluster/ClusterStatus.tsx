'use client'
// The live half of /cluster: polls GET /api/cluster once a second and draws one card per live
// sync node. Polling, not a socket: the registry itself is polled state (heartbeats every 2 s),
// so a 1 s poll shows every change within a heartbeat and needs nothing beyond the REST route.
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

type ClusterNode = z.infer<typeof clusterSchema>['nodes'][number]
type Counters = ClusterNode['relay']
/** Relay traffic per second, from the difference between two heartbeats' cumulative counters. */
type Rate = { messages: number; bytes: number }
type View = { nodes: ClusterNode[]; fetchedAt: number; error: string | null; rates: Map<string, Rate> }

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

function formatBytes(perSecond: number): string {
  if (perSecond < 1024) return `${Math.round(perSecond)} B/s`
  if (perSecond < 1024 * 1024) return `${(perSecond / 1024).toFixed(1)} KB/s`
  return `${(perSecond / 1024 / 1024).toFixed(1)} MB/s`
}

async function fetchCluster(signal: AbortSignal): Promise<ClusterNode[]> {
  const res = await fetch('/api/cluster', { cache: 'no-store', signal })
  if (!res.ok) throw new Error(`HTTP ${res.status}`)
  return clusterSchema.parse(await res.json()).nodes
}

function ago(lastSeen: number, now: number): string {
  // lastSeen is the node's clock, now is the browser's: on one machine they agree; elsewhere a
  // small skew could read as negative, which is shown as 0 rather than "in the future".
  const seconds = Math.max(0, Math.round((now - lastSeen) / 1000))
  return `last heartbeat ${seconds} s ago`
}

export function ClusterStatus() {
  const [view, setView] = useState<View | null>(null)

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

  if (!view) return <p className="muted">Loading the node registry…</p>

  const totalRooms = view.nodes.reduce((sum, n) => sum + n.rooms, 0)
  const totalConnections = view.nodes.reduce((sum, n) => sum + n.connections, 0)
  const totalRelayed = view.nodes.reduce((sum, n) => sum + n.relay.sentMessages, 0)

  return (
    <section aria-live="polite">
      {view.error && <p className="error" role="alert">Could not refresh the cluster status ({view.error}); showing the last answer.</p>}
      <div className="row" style={{ margin: '20px 0', gap: 24 }}>
        <span><strong data-testid="cluster-total-nodes">{view.nodes.length}</strong> <span className="muted">live {view.nodes.length === 1 ? 'node' : 'nodes'}</span></span>
        <span><strong data-testid="cluster-total-rooms">{totalRooms}</strong> <span className="muted">open rooms</span></span>
        <span><strong data-testid="cluster-total-connections">{totalConnections}</strong> <span className="muted">connections</span></span>
        <span title="Messages the nodes published on the Redis room bus since they started"><strong data-testid="cluster-total-relayed">{totalRelayed}</strong> <span className="muted">messages relayed</span></span>
      </div>
      {view.nodes.length === 0 ? (
        <div className="card empty">No live sync node: every lease has expired. Lookups answer 503 until one heartbeats again.</div>
      ) : (
        <div className="features" style={{ marginTop: 0 }}>
          {view.nodes.map((node) => (
            <article key={node.id} className="card" data-testid={`cluster-node-${node.id}`}>
              <h3 style={{ overflowWrap: 'anywhere' }}>{node.id}</h3>
              <p style={{ overflowWrap: 'anywhere' }}><code>{node.url}</code></p>
              <p>pid {node.pid}</p>
              <p>{node.rooms} {node.rooms === 1 ? 'room' : 'rooms'} · {node.connections} {node.connections === 1 ? 'connection' : 'connections'}</p>
              <p data-testid="cluster-node-relay">
                relay: {node.relay.sentMessages} sent · {node.relay.receivedMessages} received
                {(() => {
                  const rate = view.rates.get(node.id)
                  return rate ? ` · ${rate.messages.toFixed(1)} msg/s, ${formatBytes(rate.bytes)}` : ''
                })()}
              </p>
              <p>{ago(node.lastSeen, view.fetchedAt)}</p>
            </article>
          ))}
        </div>
      )}
    </section>
  )
}
