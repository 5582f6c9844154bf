'use client'
// The live half of /cluster: one card per live sync node, from the polled registry
// (use-cluster-status.ts).
import { useClusterStatus } from '@/lib/rooms/use-cluster-status'

function formatBytes(perSecond: number): string {
  if (perSecond < 1024) return `${Math.round(perSecond)} B/s`
  if (perSecond < 1024 * 1024) return `${(perSecond / 1024).toFixed(1)} KB/s`
  return `${(perSecond / 1024 / 1024).toFixed(1)} MB/s`
}

function ago(lastSeen: number, now: number): string {
  // lastSeen is the node's clock, now is the browser's: on one machine they agree; elsewhere a
  // small skew could read as negative, which is shown as 0 rather than "in the future".
  const seconds = Math.max(0, Math.round((now - lastSeen) / 1000))
  return `last heartbeat ${seconds} s ago`
}

export function ClusterStatus() {
  const view = useClusterStatus()

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
