// /cluster: a live view of the sync tier for people learning the pattern. Public, like
// GET /api/cluster, because it shows only per-node counts, never a room or board name.
import { TopBar } from '../_components/TopBar'
import { ClusterStatus } from './ClusterStatus'

export const metadata = { title: 'Cluster status' }

export default function ClusterPage() {
  return (
    <>
      <TopBar />
      <main className="page">
        <h1>Cluster status</h1>
        <p className="muted">
          Every sync node that holds a live lease in the node registry, refreshed every second. This is
          the chat-system pattern: the web tier answers each room lookup by picking an owner node with
          rendezvous (highest-random-weight) hashing of the room over the live nodes, so every web
          process picks the same node without coordinating. Each node heartbeats every 2 s with a 6 s
          lease; a node that stops heartbeating drops out once its lease runs out, and its rooms
          hash to the survivors on the clients&apos; next lookup.
        </p>
        <p className="muted">
          Relay traffic is the fan-out half of the pattern: when two people edit one board from
          different nodes, each edit is published once on the room&apos;s Redis pub/sub channel and
          every other node holding the room receives it. The counters below count those messages. A
          node publishes even when no peer holds the room (it cannot know), so &ldquo;received&rdquo;
          is the number that shows real cross-node traffic.
        </p>
        <p className="muted">
          Try it: run <code>npm run cluster</code>, open a few boards, then kill one node (its pid is
          shown below) and watch its rooms move to the others within one lease. Start it again and
          the rooms it owned come back.
        </p>
        <ClusterStatus />
      </main>
    </>
  )
}
