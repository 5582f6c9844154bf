'use client'
// The chat simulator's "live" view: DesignRoom's own sync tier, which runs the pattern the chat
// simulator models (room lookup, rooms owned by nodes, Redis pub/sub between them). Drawn with the
// simulator's system view from GET /api/cluster; each browser polls for itself.
import type { RunState } from '@/lib/sim/engine'
import { useClusterStatus } from '@/lib/rooms/use-cluster-status'
import { SystemView } from './SystemView'
import styles from './SimulatorPanel.module.css'

export function LiveCluster() {
  const status = useClusterStatus()
  if (!status) return <p className={styles.hint}>Reading the live cluster…</p>
  const rooms = status.nodes.reduce((sum, n) => sum + n.rooms, 0)
  const state: RunState = {
    time: 0,
    nodes: status.nodes.map((n) => ({
      id: n.id,
      label: n.id,
      kind: 'server',
      up: true,
      queue: 0,
      busy: n.connections,
      role: `${n.rooms} rooms`,
      gauge: rooms > 0 ? n.rooms / rooms : 0,
    })),
    inFlight: [],
    partitions: [],
  }
  return (
    <div data-testid="live-cluster" data-nodes={status.nodes.length}>
      {status.error && <p className={styles.hint}>Could not refresh ({status.error}); showing the last answer.</p>}
      {status.nodes.length > 0 ? (
        <SystemView state={state} flightTime={1} canClick={false} onNodeClick={() => {}} />
      ) : (
        <p className={styles.hint}>No live sync node.</p>
      )}
      <table className={styles.liveTable}>
        <thead>
          <tr>
            <th>node</th>
            <th>rooms</th>
            <th>connections</th>
            <th>relay msg/s</th>
          </tr>
        </thead>
        <tbody>
          {status.nodes.map((n) => (
            <tr key={n.id} data-testid={`live-node-${n.id}`}>
              <td>{n.id}</td>
              <td>{n.rooms}</td>
              <td>{n.connections}</td>
              <td>{status.rates.get(n.id)?.messages.toFixed(1) ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={styles.hint}>
        This is the DesignRoom cluster serving this page: each node owns the rooms the lookup placed on it, and edits cross
        between nodes over the relay. <a href="/cluster">Open the cluster page</a>.
      </p>
    </div>
  )
}
