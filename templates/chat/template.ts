import type { TemplateSpec } from '@/lib/templates/spec'

const template: TemplateSpec = {
  slug: 'chat',
  title: 'Chat systems',
  topic: 'chat',
  kind: 'topic',
  summary: 'Route stateful WebSocket sessions to the right chat server: look up the server’s URL, connect, fan out over pub/sub, store with sequence numbers, track presence and push to offline users.',
  simulator: 'chat',
  prompt: {
    statement:
      'Design the real-time core of a one-to-one chat app: users keep a live connection open, and a message reaches the recipient in well under a second when they are online. Users connect to many different chat servers, so show how a client finds its server, how a message crosses servers, and what happens when the recipient is offline or a server dies.',
    functional: [
      'A client asks a web server which chat server to use, then opens a WebSocket to that URL.',
      'Send a message to another user; deliver it live if they are online, otherwise send a push notification.',
      'Show whether a contact is online (presence), within about 30 s.',
      'After a reconnect, a client receives every message it missed, in order.',
    ],
    nonFunctional: [
      'Message delivery p99 under 300 ms between online users.',
      'No acknowledged message is lost; order is preserved within a conversation.',
      'Losing one chat server moves only its users, who reconnect without a thundering herd.',
    ],
    scale: [
      '20 M daily users, 5 M concurrent connections at peak; 50 k connections per chat server ≈ 100 servers plus headroom.',
      '20 M × 50 messages/day = 1 B messages/day ≈ 12 k/s average, 40 k/s peak.',
      'Presence heartbeats every 10 s from 5 M clients = 500 k writes/s, which is why presence lives in memory with a TTL.',
      '1 B messages × 200 B ≈ 200 GB/day of message storage.',
    ],
  },
  tradeoffs: [
    'WebSockets give low-latency two-way delivery but make servers stateful and harder to balance, while long polling works everywhere but costs a request per message or timeout.',
    'Placing users on servers by consistent hashing needs no directory and moves only 1/N of users when a node dies, while an explicit directory allows balancing by load but is one more store to keep consistent.',
    'Pub/sub between chat servers delivers across servers with no stored state, but it is fire-and-forget, so the durable store and sequence numbers must cover anything missed.',
    'Storing before acknowledging makes acknowledged messages durable but adds a write to the latency path, whereas acknowledging first is faster but can lose messages on a crash.',
    'Frequent heartbeats detect offline users quickly but cost writes and battery, while infrequent ones are cheap but show stale “online” status.',
  ],
  followUps: [
    'A chat server with 50 k connections dies: what happens to those clients, and what load hits the lookup service?',
    'How does a client that was offline for two days catch up without downloading everything?',
    'How do you guarantee order when the same user sends from a phone and a laptop at once?',
    'Presence for a user with 5,000 contacts: push every status change, or fetch on demand?',
    'How would you add typing indicators, and do they need to be stored?',
  ],
  hints: [
    'A WebSocket stays attached to one server; think about how a message finds the server of the other user.',
    'Separate the stateless part (finding a server) from the stateful part (holding the connection).',
    'Give every message a per-conversation sequence number and think about what a reconnecting client asks for.',
    'Compute what happens to the lookup service if every client of a dead server reconnects at the same instant.',
  ],
  rubric: [
    {
      dimension: 'Connection routing',
      strong: 'Uses a stateless lookup that returns a chat server URL (consistent hashing over healthy servers), then a direct WebSocket, and jitters reconnects.',
      weak: 'Puts WebSockets behind a round-robin balancer and cannot say how a message reaches the recipient’s server.',
    },
    {
      dimension: 'Cross-server delivery',
      strong: 'Publishes to a pub/sub channel the recipient’s server subscribes to, and explains why pub/sub alone is not durable.',
      weak: 'Broadcasts every message to every server, or has servers poll the database.',
    },
    {
      dimension: 'Storage and ordering',
      strong: 'Stores before acknowledging, partitions by conversation, assigns sequence numbers and resyncs by “seq > last seen” on reconnect.',
      weak: 'Relies on timestamps from clients and has no catch-up path after a disconnect.',
    },
    {
      dimension: 'Presence and offline',
      strong: 'Keeps presence in memory with heartbeats and a TTL, computes false-offline odds, and sends a push notification only when the recipient is offline.',
      weak: 'Writes presence to the main database on every heartbeat, or never notifies offline users.',
    },
  ],
  diagram: {
    components: [
      { id: 'client', kind: 'client', label: 'Chat apps (web, mobile)', x: 0, y: 340 },
      { id: 'lb', kind: 'load-balancer', label: 'Load balancer (HTTPS)', x: 240, y: 100 },
      { id: 'web', kind: 'server', label: 'Web / lookup service', x: 480, y: 100, capacity: 20000 },
      { id: 'registry', kind: 'database', label: 'Chat server registry (healthy nodes)', x: 720, y: 100, capacity: 50000 },
      { id: 'offline-queue', kind: 'queue', label: 'Offline notifications', x: 960, y: 100, capacity: 20000 },
      { id: 'push-worker', kind: 'worker', label: 'Push worker', x: 1200, y: 100, capacity: 5000 },
      { id: 'push-provider', kind: 'notification-provider', label: 'APNs / FCM', x: 1440, y: 100 },
      { id: 'chat-a', kind: 'websocket-server', label: 'Chat server A (sender)', x: 480, y: 340, capacity: 5000 },
      { id: 'chat-b', kind: 'websocket-server', label: 'Chat server B (recipient)', x: 480, y: 580, capacity: 5000 },
      { id: 'pubsub', kind: 'pubsub', label: 'Pub/sub (channel per user)', x: 720, y: 460, capacity: 200000 },
      { id: 'messages', kind: 'db-shard', label: 'Messages (by conversation, seq)', x: 960, y: 340, capacity: 50000 },
      { id: 'presence', kind: 'cache', label: 'Presence (Redis, 30 s TTL)', x: 960, y: 580, capacity: 500000 },
    ],
    arrows: [
      { from: 'client', to: 'lb', label: '1. GET /chat-server' },
      { from: 'lb', to: 'web', label: 'route' },
      { from: 'web', to: 'registry', label: 'consistent hash' },
      { from: 'client', to: 'chat-a', label: '2. WebSocket (sender)' },
      { from: 'client', to: 'chat-b', label: 'WebSocket (recipient)' },
      { from: 'chat-a', to: 'messages', label: 'store, then ack' },
      { from: 'chat-a', to: 'pubsub', label: 'publish' },
      { from: 'pubsub', to: 'chat-b', label: 'deliver' },
      { from: 'chat-b', to: 'presence', label: 'heartbeat 10 s' },
      { from: 'chat-a', to: 'offline-queue', label: 'recipient offline', dashed: true },
      { from: 'offline-queue', to: 'push-worker', label: 'consume', dashed: true },
      { from: 'push-worker', to: 'push-provider', label: 'send push' },
    ],
    notes: [
      {
        text: 'Two steps: the stateless web tier picks the user’s chat server (consistent hash over healthy nodes) and returns its URL; the client opens a WebSocket to it. Reconnects wait a random 0–30 s.',
        x: 0,
        y: 760,
        color: 'light-blue',
      },
      {
        text: 'Each server subscribes to the channels of its connected users. Server A publishes once; only the recipient’s server gets it. Pub/sub is not durable, so the store is the source of truth.',
        x: 280,
        y: 760,
        color: 'yellow',
      },
      {
        text: 'Order and catch-up: the message is stored with a per-conversation sequence number before the sender’s ack. On reconnect the client asks for seq > last seen, so no gaps and no duplicates.',
        x: 560,
        y: 760,
        color: 'light-green',
      },
      {
        text: 'Presence: a 30 s TTL refreshed every 10 s; 3 missed beats = offline (false offline p³ = 0.1% at 10% loss). If the recipient is offline the message is still stored and a push is queued.',
        x: 840,
        y: 760,
        color: 'light-violet',
      },
    ],
    zones: [{ label: 'Stateful WebSocket tier', x: 456, y: 300, w: 208, h: 400 }],
  },
}

export default template
