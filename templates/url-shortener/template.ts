import type { TemplateSpec } from '@/lib/templates/spec'

const template: TemplateSpec = {
  slug: 'url-shortener',
  title: 'URL shortener',
  topic: 'caching',
  kind: 'problem',
  summary: 'Design a TinyURL-style service: collision-free short codes, a cached redirect path that absorbs a 100:1 read load, and click analytics off the hot path.',
  simulator: 'caching',
  prompt: {
    statement:
      'Design a URL shortener like TinyURL or bit.ly: users submit a long URL and get a 7-character link, and anyone opening the link is redirected to the original. Redirects outnumber new links about 100 to 1, a few links go viral, and link owners want click counts.',
    functional: [
      'Create a short link for a long URL, optionally with a custom alias and an expiry date.',
      'Redirect GET /{code} to the long URL, or return 404 for unknown or expired codes.',
      'Show the owner daily click counts per link.',
    ],
    nonFunctional: [
      'Redirect p99 under 20 ms inside the data centre; 99.99% availability for redirects.',
      'Codes never collide and are not trivially enumerable.',
      'A link works everywhere within 1 s of being created.',
    ],
    scale: [
      '100 M new links/month ≈ 40 writes/s average, 200/s peak.',
      '100:1 reads to writes ≈ 4 k redirects/s average, 20 k/s peak (a viral link alone can reach 10 k/s).',
      '5 years × 1.2 B links/year = 6 B links × ~500 B ≈ 3 TB; base62 with 7 characters gives 62⁷ ≈ 3.5 T codes.',
      'Hot set: 20% of links get 80% of clicks; caching the 50 M hottest links × 500 B ≈ 25 GB of Redis.',
    ],
  },
  tradeoffs: [
    'A 301 redirect is cached by browsers and CDNs and removes repeat load, while a 302 keeps every click visible for analytics and lets the owner change the target.',
    'Hashing the long URL (e.g. truncated MD5) gives the same code for the same URL but needs collision checks, while a counter encoded in base62 never collides but needs coordination and produces guessable codes unless shuffled.',
    'Handing each write server a block of 1 M ids removes the central counter from the write path, but a crashed server wastes the rest of its block.',
    'Caching with a TTL is simple and tolerates stale entries for rarely edited links, whereas invalidating on every edit or delete is exact but needs a delete path to every cache.',
    'Counting clicks synchronously is exact but puts a write on every redirect, while sending click events to a queue keeps redirects fast at the cost of delayed, at-least-once counts.',
    'A key-value store sharded by code scales reads and writes linearly, while a relational database makes custom-alias uniqueness and owner queries easier but is harder to shard.',
  ],
  followUps: [
    'One link is posted by a celebrity and gets 50 k requests/s: what protects the cache shard that holds it?',
    'How do you support custom aliases without racing against generated codes?',
    'A link is deleted for abuse: how long until every cache and CDN stops redirecting?',
    'How do you stop people from enumerating codes to discover private links?',
    'Requests for codes that do not exist flood the database: what do you cache?',
    'How would you run this in three regions so a redirect never leaves the user’s region?',
  ],
  hints: [
    'Compare the read rate with the write rate and decide which path to optimise.',
    'Count how many 7-character base62 codes there are and how many you need in 5 years.',
    'Think about how two write servers avoid generating the same code without talking to each other on every request.',
    'Ask which status code the redirect returns and what that means for caching and analytics.',
  ],
  rubric: [
    {
      dimension: 'Requirements and estimates',
      strong: 'Derives writes/s, redirects/s, storage and code length from the numbers, and notices the 100:1 read skew.',
      weak: 'Starts drawing boxes without estimating, or picks a code length without checking it is enough.',
    },
    {
      dimension: 'Code generation',
      strong: 'Chooses id blocks or hashing with collision handling, explains uniqueness without a per-request coordinator, and handles custom aliases and guessability.',
      weak: 'Generates random codes without a uniqueness check, or uses one global counter on every write.',
    },
    {
      dimension: 'Read path and caching',
      strong: 'Puts a cache (and optionally the CDN) in front of a store sharded by code, sizes the hot set, handles hot keys and caches negative lookups.',
      weak: 'Reads the database on every redirect, or caches everything without sizing it.',
    },
    {
      dimension: 'Analytics and operations',
      strong: 'Moves click counting to an async queue and aggregator, justifies 301 vs 302, and covers expiry, deletion and abuse.',
      weak: 'Updates a counter row on every redirect, creating a hot row.',
    },
  ],
  diagram: {
    components: [
      { id: 'client', kind: 'client', label: 'Browsers and apps', x: 0, y: 300 },
      { id: 'cdn', kind: 'cdn', label: 'CDN (caches 301s of viral links)', x: 240, y: 300, capacity: 1000000 },
      { id: 'lb', kind: 'load-balancer', label: 'Load balancer', x: 480, y: 300, capacity: 100000 },
      { id: 'write-api', kind: 'server', label: 'Link API (create)', x: 720, y: 80, capacity: 1000 },
      { id: 'keygen', kind: 'server', label: 'ID block allocator (1 M ids per block)', x: 960, y: 80, capacity: 100 },
      { id: 'redirect', kind: 'server', label: 'Redirect service', x: 720, y: 300, capacity: 5000 },
      { id: 'cache', kind: 'cache', label: 'Link cache (Redis, 25 GB hot set)', x: 960, y: 300, capacity: 100000 },
      { id: 'links-db', kind: 'db-shard', label: 'Links store (KV, sharded by code)', x: 1200, y: 300, capacity: 10000 },
      { id: 'click-queue', kind: 'queue', label: 'Click events', x: 720, y: 520, capacity: 50000 },
      { id: 'aggregator', kind: 'worker', label: 'Click aggregator (per minute)', x: 960, y: 520, capacity: 50000 },
      { id: 'stats-db', kind: 'database', label: 'Click counts (link, day)', x: 1200, y: 520, capacity: 5000 },
    ],
    arrows: [
      { from: 'client', to: 'cdn', label: 'GET /{code}, POST /links' },
      { from: 'cdn', to: 'lb', label: 'cache miss' },
      { from: 'lb', to: 'write-api', label: 'POST /links' },
      { from: 'lb', to: 'redirect', label: 'GET /{code}' },
      { from: 'write-api', to: 'keygen', label: 'lease id block' },
      { from: 'write-api', to: 'links-db', label: 'insert if absent' },
      { from: 'redirect', to: 'cache', label: 'get code' },
      { from: 'cache', to: 'links-db', label: 'read-through on miss' },
      { from: 'redirect', to: 'click-queue', label: 'click event', dashed: true },
      { from: 'click-queue', to: 'aggregator', label: 'consume', dashed: true },
      { from: 'aggregator', to: 'stats-db', label: 'batched increments', dashed: true },
    ],
    notes: [
      {
        text: 'Codes: each API server leases a block of 1 M ids, shuffles each id reversibly and encodes it as 7 base62 chars. No collisions, no per-request coordination; custom aliases use insert-if-absent.',
        x: 0,
        y: 720,
        color: 'light-blue',
      },
      {
        text: 'Read path: 20 k redirects/s peak with a ~90% hit rate leaves ≈ 2 k/s for the store. Cache misses for unknown codes too (short TTL), so scans of random codes never reach the database.',
        x: 280,
        y: 720,
        color: 'light-green',
      },
      {
        text: '302 by default so every click is counted and the target can change; the owner can opt in to 301 for viral links, letting the CDN and browsers absorb repeat hits.',
        x: 560,
        y: 720,
        color: 'yellow',
      },
      {
        text: 'Clicks never slow a redirect: events go to a queue and are summed per minute, turning 20 k increments/s on hot rows into a few hundred batched writes.',
        x: 840,
        y: 720,
        color: 'light-violet',
      },
    ],
    zones: [{ label: 'Hot path: redirect p99 < 20 ms', x: 696, y: 260, w: 688, h: 160 }],
  },
}

export default template
