import type { TemplateSpec } from '@/lib/templates/spec'

const template: TemplateSpec = {
  slug: 'sharding',
  title: 'Database sharding',
  topic: 'sharding',
  kind: 'topic',
  summary: 'Split a multi-tenant SaaS database by tenant and region: choosing the key, hash vs range, rebalancing, whales and cross-shard queries.',
  simulator: 'sharding',
  prompt: {
    statement:
      'Design the storage layer for a multi-tenant project-management SaaS (think Asana or Linear) that has outgrown a single PostgreSQL primary. All data belongs to a workspace (tenant), a few enterprise tenants are a thousand times larger than the median, and EU customers require their data to stay in the EU.',
    functional: [
      'All reads and writes for a workspace (projects, tasks, comments) are served with normal SQL semantics within that workspace.',
      'A user can belong to several workspaces and switch between them.',
      'Admins can run cross-workspace reports (usage, billing) at least daily.',
      'Operators can add shards and move a tenant between shards without downtime.',
    ],
    nonFunctional: [
      'Single-workspace queries p99 under 100 ms.',
      'EU workspaces’ data never stored or replicated outside the EU.',
      'Adding a shard moves only a small fraction of the data, and no shard runs above 70% of its capacity.',
    ],
    scale: [
      '200 k workspaces and 20 M users; the largest workspace holds 2% of all data.',
      '40 TB today, growing 1 TB per month; 24 shards of about 1.7 TB each.',
      '150 k queries/s at peak (20 k writes/s); each shard serves ~10 k queries/s, so 24 shards run at ~60% on average.',
    ],
  },
  tradeoffs: [
    'Hash partitioning spreads keys and load evenly but makes range scans hit every shard, while range partitioning keeps ranges local but creates hot spots on the newest or most popular range.',
    'Sharding by tenant keeps every workspace query on one shard, while sharding by user or by row id spreads load more evenly but turns workspace queries into scatter-gather.',
    'Modulo-N placement is trivial to compute but moves almost every key on resize, while consistent hashing or a directory moves only about 1/(N+1) of keys at the cost of a ring or a lookup service.',
    'A directory (tenant → shard table) allows moving single tenants and isolating whales, but adds a lookup and a critical service, whereas a pure hash function needs no lookup but cannot special-case anyone.',
    'Scatter-gather cross-shard queries need no extra infrastructure but are as slow as the slowest shard, while a CDC-fed warehouse or index answers them fast but is seconds to minutes stale.',
    'Region as the top-level shard key satisfies data residency and local latency, but any feature that spans regions (a shared project between a US and an EU tenant) needs explicit cross-region calls.',
  ],
  followUps: [
    'The biggest tenant now needs more than one shard: what do you change?',
    'Walk me through moving one tenant to a new shard while it keeps writing.',
    'Where do global tables like users and logins live, and how do you keep them consistent with the shards?',
    'A query fans out to 100 shards and each is slow 1% of the time: how often is the query slow, and what do you do about it?',
    'A product manager wants a feature that links tasks across two workspaces on different shards: how do you build it, or push back?',
  ],
  hints: [
    'Look at which id appears in almost every query.',
    'What happens to key placement when you go from N to N+1 shards with hash mod N?',
    'A hash of the tenant id cannot split one huge tenant: what else could decide placement?',
    'Which queries genuinely need data from many tenants, and do they need it in real time?',
  ],
  rubric: [
    {
      dimension: 'Shard key choice',
      strong: 'Chooses region then tenant as the key because almost every query is scoped to one workspace, and names the queries that this key makes expensive.',
      weak: 'Shards by an auto-increment id or by user without checking which queries become cross-shard.',
    },
    {
      dimension: 'Placement and rebalancing',
      strong: 'Uses consistent hashing or a directory, quantifies data moved on resize, and describes a copy, catch-up, cut-over move that avoids downtime.',
      weak: 'Uses hash mod N and does not notice that adding a shard reshuffles nearly everything.',
    },
    {
      dimension: 'Skew and hot keys',
      strong: 'Identifies whale tenants and hot keys, isolates them on dedicated shards or splits them by a composite key, and monitors per-shard load.',
      weak: 'Assumes uniform tenants, so one enterprise customer overloads a shard.',
    },
    {
      dimension: 'Cross-shard work and dependencies',
      strong: 'Keeps global data (users, directory) in a small unsharded store, serves cross-tenant reports from a CDC-fed store, and names features whose dependencies prevent a clean split.',
      weak: 'Plans distributed joins and transactions across shards as if they were free.',
    },
    {
      dimension: 'Compliance and operations',
      strong: 'Keeps EU data, replicas and backups in the EU, and plans for per-shard failover and schema migrations across all shards.',
      weak: 'Ignores residency or replicates every shard to one global analytics store.',
    },
  ],
  diagram: {
    components: [
      { id: 'client', kind: 'client', label: 'Web and mobile clients', x: 0, y: 360 },
      { id: 'app', kind: 'server', label: 'App servers (stateless)', x: 280, y: 360, capacity: 5000 },
      { id: 'router', kind: 'server', label: 'Shard router (Vitess / Citus style)', x: 560, y: 360, capacity: 50000 },
      { id: 'directory', kind: 'database', label: 'Global DB: users, tenant → shard', x: 560, y: 560, capacity: 20000 },
      { id: 'shard-us-1', kind: 'db-shard', label: 'Shard 1 (tenants by hash)', x: 880, y: 60, capacity: 10000 },
      { id: 'shard-us-2', kind: 'db-shard', label: 'Shard 2..22 (tenants by hash)', x: 880, y: 220, capacity: 10000 },
      { id: 'shard-whale', kind: 'db-shard', label: 'Shard 23: dedicated whale tenant', x: 880, y: 380, capacity: 10000 },
      { id: 'shard-eu', kind: 'db-shard', label: 'Shard EU-1 (EU tenants only)', x: 880, y: 620, capacity: 10000 },
      { id: 'reports', kind: 'search-index', label: 'US reporting store (cross-tenant)', x: 1200, y: 220 },
    ],
    arrows: [
      { from: 'client', to: 'app', label: 'HTTPS' },
      { from: 'app', to: 'router', label: 'SQL + tenant_id' },
      { from: 'router', to: 'directory', label: 'lookup tenant → shard' },
      { from: 'router', to: 'shard-us-1', label: 'tenant on shard 1' },
      { from: 'router', to: 'shard-us-2', label: 'hash(tenant)' },
      { from: 'router', to: 'shard-whale', label: 'whale tenant' },
      { from: 'router', to: 'shard-eu', label: 'EU tenant' },
      { from: 'shard-us-1', to: 'reports', label: 'CDC', dashed: true },
      { from: 'shard-us-2', to: 'reports', label: 'CDC', dashed: true },
      { from: 'shard-whale', to: 'reports', label: 'CDC', dashed: true },
    ],
    notes: [
      {
        text: 'Key = (region, tenant_id): a workspace’s queries and joins stay on one shard. Global data (users, the tenant → shard map) lives in one small unsharded DB, cached by the router.',
        x: 0,
        y: 600,
        color: 'light-blue',
      },
      {
        text: 'Whales: hashing the tenant id cannot spread one tenant. The directory pins it to a dedicated shard; if it outgrows that, shard it by (tenant_id, project_id).',
        x: 1200,
        y: 480,
        color: 'yellow',
      },
      {
        text: 'Rebalancing: mod N moves N/(N+1) of keys on resize (91% at N=10); a ring or directory moves ~1/(N+1). Move a tenant: copy, catch up via CDC, freeze writes briefly, flip the directory.',
        x: 1440,
        y: 480,
        color: 'light-green',
      },
      {
        text: 'Cross-shard reports scatter-gather to k shards and are as slow as the slowest: P(slow) = 1 − (1 − p)^k, 63% for p = 1%, k = 100. Serve them from the CDC-fed store; the EU has its own.',
        x: 1440,
        y: 160,
        color: 'light-violet',
      },
    ],
    zones: [
      { label: 'Region us-east', x: 856, y: 20, w: 208, h: 480 },
      { label: 'Region eu-west', x: 856, y: 580, w: 208, h: 160 },
    ],
  },
}

export default template
