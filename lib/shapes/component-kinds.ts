// The system-design component palette: every building block the templates draw and the
// simulators read. Pure data, shared by the canvas shape, the palette panel, the template
// compiler, the thumbnail renderer and the server's record validation.

export const COMPONENT_KINDS = [
  'client',
  'dns',
  'cdn',
  'load-balancer',
  'api-gateway',
  'server',
  'websocket-server',
  'cache',
  'database',
  'db-replica',
  'db-shard',
  'queue',
  'pubsub',
  'worker',
  'object-storage',
  'search-index',
  'notification-provider',
] as const

export type ComponentKind = (typeof COMPONENT_KINDS)[number]

/** Groups used for the palette's sections and a component's default colour. */
export type ComponentCategory = 'edge' | 'compute' | 'data' | 'messaging' | 'external'

/** tldraw's default colour names (DefaultColorStyle), so users can recolour with the style panel. */
export type ComponentColor = 'blue' | 'violet' | 'green' | 'orange' | 'grey'

export type ComponentInfo = {
  kind: ComponentKind
  /** What the palette shows and a new shape is named. */
  title: string
  /** One line for the palette's tooltip. */
  description: string
  category: ComponentCategory
}

export const COMPONENTS: Readonly<Record<ComponentKind, ComponentInfo>> = {
  client: { kind: 'client', title: 'Client', description: 'Browser or mobile app: where requests start', category: 'edge' },
  dns: { kind: 'dns', title: 'DNS', description: 'Resolves a name to the address of the nearest entry point', category: 'edge' },
  cdn: { kind: 'cdn', title: 'CDN', description: 'Edge caches that serve static and cacheable content near users', category: 'edge' },
  'load-balancer': { kind: 'load-balancer', title: 'Load balancer', description: 'Spreads requests over a pool of servers', category: 'edge' },
  'api-gateway': { kind: 'api-gateway', title: 'API gateway', description: 'Authenticates, rate-limits and routes requests to services', category: 'edge' },
  server: { kind: 'server', title: 'App server', description: 'Stateless web or application server', category: 'compute' },
  'websocket-server': { kind: 'websocket-server', title: 'WebSocket server', description: 'Holds live connections and pushes messages', category: 'compute' },
  worker: { kind: 'worker', title: 'Worker', description: 'Consumes jobs or events in the background', category: 'compute' },
  cache: { kind: 'cache', title: 'Cache', description: 'In-memory key-value cache such as Redis', category: 'data' },
  database: { kind: 'database', title: 'Database', description: 'Primary database: takes the writes', category: 'data' },
  'db-replica': { kind: 'db-replica', title: 'Read replica', description: 'Copy of the primary that serves reads, slightly behind', category: 'data' },
  'db-shard': { kind: 'db-shard', title: 'Shard', description: 'One partition of a database split by key', category: 'data' },
  'object-storage': { kind: 'object-storage', title: 'Object storage', description: 'Blobs and files, such as S3', category: 'data' },
  'search-index': { kind: 'search-index', title: 'Search index', description: 'Inverted index for full-text search', category: 'data' },
  queue: { kind: 'queue', title: 'Queue / event bus', description: 'Durable log or queue that holds events until consumers take them', category: 'messaging' },
  pubsub: { kind: 'pubsub', title: 'Pub/sub', description: 'Fans a message out to every subscriber', category: 'messaging' },
  'notification-provider': { kind: 'notification-provider', title: 'Notification provider', description: 'Push, email or SMS gateway outside the system', category: 'external' },
}

export const CATEGORY_COLOR: Readonly<Record<ComponentCategory, ComponentColor>> = {
  edge: 'blue',
  compute: 'violet',
  data: 'green',
  messaging: 'orange',
  external: 'grey',
}

export const CATEGORY_TITLE: Readonly<Record<ComponentCategory, string>> = {
  edge: 'Edge',
  compute: 'Compute',
  data: 'Data',
  messaging: 'Messaging',
  external: 'External',
}

/** Size of a new component: large enough for an icon over a two-line label. */
export const COMPONENT_SIZE = { w: 160, h: 96 } as const

export function isComponentKind(value: unknown): value is ComponentKind {
  return typeof value === 'string' && (COMPONENT_KINDS as readonly string[]).includes(value)
}
