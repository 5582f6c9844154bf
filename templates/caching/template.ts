import type { TemplateSpec } from '@/lib/templates/spec'

const template: TemplateSpec = {
  slug: 'caching',
  title: 'Caching',
  topic: 'caching',
  kind: 'topic',
  summary: 'Put Redis and a CDN in front of a product catalogue: cache-aside, eviction, hit ratio, write policies and stampedes.',
  simulator: 'caching',
  prompt: {
    statement:
      'Design the read path for the product pages of a large online shop. Pages are read about 100 times for every edit, a few thousand best-sellers get most of the traffic, and the catalogue database alone cannot serve the peak read load.',
    functional: [
      'Serve product details (title, price, stock, description) by product id.',
      'Serve product images and static page assets.',
      'A price or stock change made by a merchant is visible to shoppers within 30 s.',
    ],
    nonFunctional: [
      'Product API p99 under 50 ms; image p99 under 100 ms worldwide.',
      'The database must stay below 70% of its read capacity even when a hot key expires.',
      'Losing the whole cache must degrade latency, not correctness.',
    ],
    scale: [
      '50 k product reads/s at peak, 500 writes/s (100:1).',
      '10 M products × 5 KB ≈ 50 GB; the top 1% of products receive ~80% of reads (Zipf).',
      'The catalogue database serves ~5 k reads/s, so the cache needs a hit ratio of at least 93% (50 k × 0.07 = 3.5 k/s = 70% of the DB).',
      'The hot 1% is only 100 k products × 5 KB ≈ 0.5 GB; one Redis shard serves ~100 k ops/s, so 3 shards are for headroom and failover, not memory.',
    ],
  },
  tradeoffs: [
    'Cache-aside keeps the cache optional and only caches what is read, but the first read of each key misses and the application owns consistency.',
    'Write-through keeps the cache fresh on every write at the cost of write latency and caching data nobody reads, while write-back absorbs write bursts but can lose acknowledged writes if the cache dies.',
    'LRU adapts quickly to changing popularity but is flushed by one-off scans, while LFU keeps long-term favourites but is slow to forget yesterday’s hot items.',
    'A long TTL raises the hit ratio, while a short TTL bounds staleness; explicit invalidation on write gets both but adds a moving part.',
    'Deleting a key on write is safe under races but costs one miss, while updating it in place avoids the miss but a slow writer can overwrite newer data with stale data.',
    'A CDN serves static content close to users and offloads the origin, but purges take seconds to propagate and personalised pages cannot be cached there.',
  ],
  followUps: [
    'A flash sale makes one product 50% of all traffic and its key expires: what happens to the database, and how do you prevent it?',
    'How do you keep the cache consistent with the database when two requests race a read-miss against a write?',
    'Your hit ratio dropped from 97% to 85% overnight: how do you find out why?',
    'The Redis cluster restarts empty at peak: what does the database see, and how do you warm up?',
    'How would you cache the search-results page, which depends on the query and the user?',
  ],
  hints: [
    'Popularity is very skewed: how much memory would the hottest 1% of products need?',
    'Work out the database load from the miss ratio, not the hit ratio.',
    'Think about the moment a very popular key expires while thousands of requests want it.',
    'On a write, is it safer to update the cached value or to remove it?',
  ],
  rubric: [
    {
      dimension: 'Cache placement and pattern',
      strong: 'Layers a CDN for static assets and a Redis cache-aside tier for product data, and explains read and write paths step by step.',
      weak: 'Adds "a cache" without saying what is cached, who fills it or what happens on a miss.',
    },
    {
      dimension: 'Hit ratio and sizing',
      strong: 'Derives the required hit ratio from database capacity and sizes memory from the skewed working set rather than the whole catalogue.',
      weak: 'Sizes the cache to hold everything, or never connects hit ratio to database load.',
    },
    {
      dimension: 'Consistency and invalidation',
      strong: 'Bounds staleness with TTLs plus delete-on-write (or CDC-driven invalidation), and discusses the read-miss/write race.',
      weak: 'Ignores stale data, or updates the cache and database in an order that can leave stale values forever.',
    },
    {
      dimension: 'Eviction and failure modes',
      strong: 'Picks an eviction policy for the access pattern and handles stampedes with coalescing, jittered TTLs or early refresh, and plans for a cold cache.',
      weak: 'Does not know what happens when memory fills or when a hot key expires under load.',
    },
  ],
  diagram: {
    components: [
      { id: 'client', kind: 'client', label: 'Shopper browser', x: 0, y: 160 },
      { id: 'cdn', kind: 'cdn', label: 'CDN (images, JS, CSS)', x: 280, y: 40, capacity: 200000 },
      { id: 'images', kind: 'object-storage', label: 'Image storage (S3)', x: 560, y: 40 },
      { id: 'lb', kind: 'load-balancer', label: 'Load balancer', x: 280, y: 280, capacity: 100000 },
      { id: 'api', kind: 'server', label: 'Catalogue API (×30)', x: 560, y: 280, capacity: 2000 },
      { id: 'cache', kind: 'cache', label: 'Redis cluster (3 shards)', x: 840, y: 160, capacity: 100000 },
      { id: 'db', kind: 'database', label: 'Catalogue DB (primary)', x: 840, y: 400, capacity: 5000 },
      { id: 'invalidator', kind: 'worker', label: 'Invalidator (CDC)', x: 1120, y: 400 },
    ],
    arrows: [
      { from: 'client', to: 'cdn', label: 'GET static' },
      { from: 'cdn', to: 'images', label: 'origin fetch on miss' },
      { from: 'client', to: 'lb', label: 'GET /products/{id}' },
      { from: 'lb', to: 'api', label: 'HTTP' },
      { from: 'api', to: 'cache', label: 'GET, SET on miss (TTL 10 min)' },
      { from: 'api', to: 'db', label: 'read on miss, writes' },
      { from: 'db', to: 'invalidator', label: 'change stream', dashed: true },
      { from: 'invalidator', to: 'cache', label: 'DEL product:{id}', dashed: true },
    ],
    notes: [
      {
        text: 'Cache-aside: read Redis; on a miss read the DB and SET with a TTL. On write, update the DB, then DELETE the key (do not set it), so a racing reader cannot pin a stale value.',
        x: 0,
        y: 560,
        color: 'light-blue',
      },
      {
        text: 'Eviction: allkeys-lru (Redis samples ~5 keys per eviction) suits a skewed catalogue; LFU resists one-off scans; TTL bounds staleness whatever the memory pressure.',
        x: 280,
        y: 560,
        color: 'yellow',
      },
      {
        text: 'Hit ratio sets DB load: 50 k/s × (1 − 0.95) = 2.5 k/s. At 90% it doubles to 5 k/s, the DB’s limit, so alert on hit ratio like an SLO.',
        x: 560,
        y: 560,
        color: 'light-green',
      },
      {
        text: 'Stampede: a hot key expires and 1,000 requests miss at once. Coalesce (one loader per key via lock or single-flight), jitter TTLs, or refresh early before expiry.',
        x: 840,
        y: 560,
        color: 'light-red',
      },
    ],
  },
}

export default template
