import type { TemplateSpec } from '@/lib/templates/spec'

const template: TemplateSpec = {
  slug: 'basics',
  title: 'What system design is: servers and how they talk',
  topic: 'basics',
  kind: 'topic',
  summary: 'Follow one request from the browser through DNS, a load balancer and stateless app servers to the database, then scale it out.',
  simulator: 'basics',
  prompt: {
    statement:
      'Design the first production version of a recipe-sharing website: people browse recipes with photos, sign in, and post their own. Start from a single server, trace how one page request travels from the browser to the database and back, then grow the design so it survives 10x traffic and the loss of any one server.',
    functional: [
      'Anyone can browse and search recipes; each recipe page shows text and photos.',
      'Signed-in users can post, edit and delete their own recipes with up to 10 photos.',
      'Users stay signed in across requests and across page reloads.',
    ],
    nonFunctional: [
      'Page API p99 latency under 300 ms; photos load from a location near the user.',
      'No single server failure takes the site down (99.9% availability).',
      'Adding capacity means adding machines, not a rewrite.',
    ],
    scale: [
      '1 M daily active users × 20 requests each ≈ 20 M requests/day ≈ 230 req/s average, ~700 req/s at the evening peak.',
      'Reads outnumber writes about 100:1 (≈ 7 writes/s at peak).',
      '5 M recipes × 10 KB of text ≈ 50 GB in the database; 20 M photos × 500 KB ≈ 10 TB in object storage.',
      'One app server handles ~800 req/s, so 2 servers cover the peak and 3 keep headroom for a failure.',
    ],
  },
  tradeoffs: [
    'Vertical scaling (a bigger machine) needs no code changes, while horizontal scaling (more machines) has no hard ceiling and survives a machine loss but requires stateless servers and a load balancer.',
    'Server-side sessions in Redis are easy to revoke, while signed cookies or JWTs need no lookup per request but cannot be revoked before they expire without a deny-list.',
    'A relational database gives joins, transactions and constraints for free, while a key-value store scales writes more easily but pushes those guarantees into application code.',
    'Serving photos through a CDN cuts latency and origin load, at the cost of cache invalidation and another vendor in the request path.',
    'Persistent connections (HTTP keep-alive, HTTP/2) save TCP and TLS handshakes on every request, but each open connection holds memory on the server and the load balancer.',
  ],
  followUps: [
    'Walk me through everything that happens between typing the URL and the page rendering.',
    'Your single database is now the bottleneck at 5 k queries/s: what do you add first, and why?',
    'A user uploads a 20 MB photo: how does it get to storage without tying up an app server?',
    'How would you deploy a new version of the app without dropping requests?',
    'When would you choose WebSockets or server-sent events instead of plain HTTP request/response?',
  ],
  hints: [
    'Start with one box and ask what breaks first as traffic grows.',
    'If any server can handle any request, where must the session data live?',
    'Photos are large and rarely change: should they flow through your app servers at all?',
    'Do the arithmetic: requests per day to requests per second, then divide by one server’s capacity.',
  ],
  rubric: [
    {
      dimension: 'Requirements and estimates',
      strong: 'Separates functional from non-functional needs and turns DAU into peak req/s and storage before drawing anything.',
      weak: 'Starts drawing boxes without numbers, so there is no way to say how many servers or how big a database.',
    },
    {
      dimension: 'Request path',
      strong: 'Explains DNS resolution, TLS to the load balancer, a REST call to an app server, and the database query, naming what each hop adds to latency.',
      weak: 'Treats the network as magic and cannot say where DNS, the load balancer or HTTP fit.',
    },
    {
      dimension: 'Scaling and statelessness',
      strong: 'Moves session state out of the servers so they scale horizontally behind a load balancer, and knows when a bigger box is the simpler first step.',
      weak: 'Adds servers while keeping sessions in server memory, so users are logged out whenever the balancer picks another server.',
    },
    {
      dimension: 'Data and static content',
      strong: 'Keeps structured data in a database, blobs in object storage behind a CDN, and names the database as the next bottleneck.',
      weak: 'Stores photos in the database or on an app server’s disk and serves them through the app tier.',
    },
    {
      dimension: 'Communication',
      strong: 'Narrates trade-offs as choices with reasons and checks assumptions with the interviewer.',
      weak: 'Lists technologies without saying why each one is there.',
    },
  ],
  diagram: {
    components: [
      { id: 'client', kind: 'client', label: 'Browser / mobile app', x: 0, y: 240 },
      { id: 'dns', kind: 'dns', label: 'DNS', x: 280, y: 40 },
      { id: 'lb', kind: 'load-balancer', label: 'Load balancer (TLS)', x: 280, y: 240, capacity: 20000 },
      { id: 'cdn', kind: 'cdn', label: 'CDN (photos, JS, CSS)', x: 280, y: 440, capacity: 50000 },
      { id: 'app-1', kind: 'server', label: 'App server 1 (stateless)', x: 560, y: 160, capacity: 800 },
      { id: 'app-2', kind: 'server', label: 'App server N (stateless)', x: 560, y: 320, capacity: 800 },
      { id: 'sessions', kind: 'cache', label: 'Session store (Redis)', x: 840, y: 80, capacity: 50000 },
      { id: 'db', kind: 'database', label: 'PostgreSQL (primary)', x: 840, y: 320, capacity: 5000 },
      { id: 'photos', kind: 'object-storage', label: 'Photo storage (S3)', x: 560, y: 560 },
    ],
    arrows: [
      { from: 'client', to: 'dns', label: '1. resolve name' },
      { from: 'client', to: 'lb', label: '2. HTTPS REST' },
      { from: 'client', to: 'cdn', label: 'GET photos' },
      { from: 'lb', to: 'app-1', label: 'HTTP' },
      { from: 'lb', to: 'app-2', label: 'HTTP' },
      { from: 'app-1', to: 'sessions', label: 'session' },
      { from: 'app-2', to: 'sessions', label: 'session' },
      { from: 'app-1', to: 'db', label: 'SQL' },
      { from: 'app-2', to: 'db', label: 'SQL' },
      { from: 'app-2', to: 'photos', label: 'presigned upload URL' },
      { from: 'cdn', to: 'photos', label: 'origin fetch on miss' },
    ],
    notes: [
      {
        text: 'Stateless servers: the session lives in Redis (or a signed cookie), so any server can answer any request and we scale out by adding boxes behind the load balancer.',
        x: 1120,
        y: 40,
        color: 'light-blue',
      },
      {
        text: 'Vertical scaling (a bigger box) is the simplest first step but has a ceiling and is one failure domain; horizontal scaling needs stateless servers and a balancer.',
        x: 1120,
        y: 280,
        color: 'yellow',
      },
      {
        text: 'Keep-alive and HTTP/2 reuse one TCP + TLS connection for many requests, saving 1-2 round trips each. Use WebSockets only when the server must push.',
        x: 0,
        y: 720,
        color: 'light-green',
      },
      {
        text: 'Estimate: 1 M DAU × 20 requests ≈ 230 req/s average, ~700 at peak. At 800 req/s per server, 2 servers cover the peak; a 3rd covers a failure (N+1).',
        x: 1120,
        y: 520,
        color: 'light-violet',
      },
    ],
    zones: [{ label: 'Private network (VPC)', x: 536, y: 40, w: 488, h: 640 }],
  },
}

export default template
