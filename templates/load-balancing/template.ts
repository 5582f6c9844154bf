import type { TemplateSpec } from '@/lib/templates/spec'

const template: TemplateSpec = {
  slug: 'load-balancing',
  title: 'Load balancing',
  topic: 'load-balancing',
  kind: 'topic',
  summary: 'Spread a ticketing API over a pool of servers: L4 vs L7, balancing algorithms, health checks, and why JWTs beat sticky sessions.',
  simulator: 'load-balancing',
  prompt: {
    statement:
      'Design the load-balancing tier for a concert-ticketing API whose traffic jumps 10x the moment a popular show goes on sale. Show how requests are spread over the app servers, how a failed or slow server is taken out of rotation, and what happens to signed-in users when it goes away.',
    functional: [
      'Expose one public HTTPS endpoint (api.tickets.example) that routes to a pool of API servers.',
      'Route /checkout/* to a separate checkout service and /login to the auth service.',
      'Signed-in users stay signed in when the server that served their last request dies.',
      'Remove unhealthy servers automatically and add new ones without a config push.',
    ],
    nonFunctional: [
      'p99 latency under 200 ms at 80% pool utilisation, including during on-sales.',
      'A dead server leaves rotation within 15 s; no single load balancer is a single point of failure.',
      'The balancer adds under 1 ms of latency per request.',
    ],
    scale: [
      '6 k req/s baseline, 60 k req/s peak during on-sales.',
      'Each API server handles ~1,000 req/s at p99 < 200 ms, so ~75 servers at peak for 80% utilisation.',
      '500 k concurrent signed-in users with 30-minute sessions.',
      'Health checks every 5 s from each balancer instance.',
    ],
  },
  tradeoffs: [
    'An L4 balancer forwards TCP connections very cheaply but cannot see paths or headers, while an L7 balancer can route, retry and observe per request at the cost of terminating TLS and more CPU per request.',
    'Round robin is simple and stateless but overloads a slow server, while least connections adapts to uneven request costs but needs accurate, shared load information.',
    'Power of two choices probes only two servers yet gets close to least connections, whereas full least connections herds onto the same server when its load view is stale.',
    'Sticky sessions keep in-memory state and warm caches on one server but unbalance load and lose ~1/N of sessions when a server dies, while JWTs keep servers stateless at the cost of larger requests and harder revocation.',
    'Consistent hashing on a key (user, cart) gives cache affinity with little reshuffling on resize, but hot keys concentrate load on one server.',
    'Aggressive health checks eject failures quickly but can flap and eject healthy servers under load, while lenient ones keep routing to a dead server for longer.',
  ],
  followUps: [
    'One server in the pool is 3x slower than the others: what does round robin do, and what would you use instead?',
    'How do you make the load balancer itself highly available?',
    'How do you revoke a JWT before it expires, for example after a password change?',
    'A deploy drains half the pool: how do you avoid dropping in-flight requests and long-lived connections?',
    'The balancer’s load information is 1 s stale during the on-sale spike: which algorithm still behaves well, and why?',
  ],
  hints: [
    'Think about what the balancer can see at each network layer.',
    'Round robin assumes every server and every request is the same: is that true here?',
    'If the server holding a session dies, where else could that session have been stored?',
    'Sample two servers at random and pick the less loaded one: compare that to checking all of them.',
  ],
  rubric: [
    {
      dimension: 'Layers and placement',
      strong: 'Places an L4 tier for raw connection spreading in front of L7 proxies that terminate TLS and route by path, and makes both redundant.',
      weak: 'Draws a single load balancer box with no idea of what layer it works at or what happens when it fails.',
    },
    {
      dimension: 'Algorithms',
      strong: 'Chooses an algorithm from the workload (uneven request costs favour least connections or P2C; affinity favours consistent hashing) and explains its failure mode.',
      weak: 'Says "round robin" by default and cannot explain why latency explodes on a slow server.',
    },
    {
      dimension: 'Sessions and state',
      strong: 'Keeps servers stateless with a signed JWT (or an external session store), quantifies what sticky sessions lose on failure, and addresses revocation.',
      weak: 'Relies on sticky sessions with state in server memory and does not notice users get logged out when a server dies.',
    },
    {
      dimension: 'Health and failure handling',
      strong: 'Combines active health checks with passive outlier detection, sets thresholds that meet the 15 s target, and drains connections on deploy.',
      weak: 'Assumes failed servers are removed by someone, or ejects on a single failed check and flaps under load.',
    },
    {
      dimension: 'Capacity reasoning',
      strong: 'Sizes the pool from peak load and per-server capacity with headroom, and knows queueing latency grows sharply as utilisation nears 100%.',
      weak: 'Sizes the pool to exactly peak load divided by capacity, leaving no headroom.',
    },
  ],
  diagram: {
    components: [
      { id: 'client', kind: 'client', label: 'Ticket buyers (web, app)', x: 0, y: 360 },
      { id: 'dns', kind: 'dns', label: 'DNS (2 anycast IPs)', x: 280, y: 120 },
      { id: 'l4', kind: 'load-balancer', label: 'L4 LB (TCP, ECMP)', x: 280, y: 360, capacity: 1000000 },
      { id: 'l7', kind: 'load-balancer', label: 'L7 LB ×3 (Envoy, TLS)', x: 560, y: 360, capacity: 30000 },
      { id: 'api-1', kind: 'server', label: 'API server 1', x: 840, y: 40, capacity: 1000 },
      { id: 'api-2', kind: 'server', label: 'API server 2', x: 840, y: 200, capacity: 1000 },
      { id: 'api-3', kind: 'server', label: 'API server N', x: 840, y: 360, capacity: 1000 },
      { id: 'checkout', kind: 'server', label: 'Checkout service', x: 840, y: 520, capacity: 400 },
      { id: 'auth', kind: 'server', label: 'Auth service (issues JWT)', x: 840, y: 680, capacity: 2000 },
    ],
    arrows: [
      { from: 'client', to: 'dns', label: 'resolve' },
      { from: 'client', to: 'l4', label: 'TCP :443' },
      { from: 'l4', to: 'l7', label: '5-tuple hash' },
      { from: 'l7', to: 'api-1', label: 'P2C + /healthz' },
      { from: 'l7', to: 'api-2', label: 'P2C' },
      { from: 'l7', to: 'api-3', label: 'P2C' },
      { from: 'l7', to: 'checkout', label: '/checkout/*' },
      { from: 'l7', to: 'auth', label: '/login' },
    ],
    notes: [
      {
        text: 'L4 spreads TCP connections by 5-tuple: fast, no TLS, blind to paths. L7 terminates TLS and routes on host, path and headers, retries, and runs health checks.',
        x: 1120,
        y: 40,
        color: 'light-blue',
      },
      {
        text: 'Power of two choices: sample 2 servers, send to the one with fewer in-flight requests. Nearly as good as least connections, and it does not herd on stale load data.',
        x: 1120,
        y: 280,
        color: 'yellow',
      },
      {
        text: 'Sticky sessions pin a user to a server, so losing it loses ~1/N of sessions. A signed JWT carries the session: any server verifies it with a public key, none holds state.',
        x: 1120,
        y: 520,
        color: 'light-green',
      },
      {
        text: 'Health checks: GET /healthz every 5 s; 3 failures eject (≤ 15 s), 2 passes readmit. Passive checks eject on 5xx and timeouts sooner; drain before deploys.',
        x: 0,
        y: 600,
        color: 'light-red',
      },
    ],
    zones: [{ label: 'Server pool (health-checked)', x: 816, y: 0, w: 208, h: 800 }],
  },
}

export default template
