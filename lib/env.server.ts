// Server-side configuration, parsed once with zod so a bad value fails at start-up with a clear
// message instead of deep inside a request. Every variable is documented in docs/configuration.md.
import { z } from 'zod'

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DB_PROVIDER: z.enum(['sqlite', 'postgres']).default('sqlite'),
  DATABASE_URL: z.string().min(1).default('file:./data/designroom.db'),
  /** Signs next-auth session cookies and (unless ROOM_TOKEN_SECRET is set) room tokens. */
  NEXTAUTH_SECRET: z.string().min(32, 'NEXTAUTH_SECRET must be at least 32 characters'),
  ROOM_TOKEN_SECRET: z.string().min(32).optional(),
  /** Key id written into room tokens, so a sync node can accept old and new keys during rotation. */
  ROOM_TOKEN_KID: z.string().min(1).default('k1'),
  /** Extra keys a sync node still accepts: "kid:secret,kid:secret". */
  ROOM_TOKEN_PREVIOUS_KEYS: z.string().optional(),
  ROOM_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  /** 1 behind a reverse proxy that sets X-Forwarded-For: rate limits key on its first entry. */
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /** Sign-ups per client address per hour (app/api/signup/route.ts); raise it for a big class behind one NAT. */
  SIGNUP_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /**
   * Where pages may open board WebSockets besides their own origin (the Content-Security-Policy's
   * connect-src, proxy.ts): the sync nodes' SYNC_PUBLIC_URL origins, comma- or space-separated,
   * e.g. "wss://sync.example.com, wss://*.sync.example.com".
   */
  SYNC_ORIGINS: z
    .string()
    .default('')
    .transform((list) => list.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().regex(/^wss?:\/\/(\*\.)?[A-Za-z0-9.-]+(:(\d{1,5}|\*))?$/, 'SYNC_ORIGINS: ws:// or wss:// origins (a host, optionally *.-prefixed, and a port), nothing else'))),
  /** Comma-separated origins allowed to open WebSockets besides the page's own host. */
  ALLOWED_ORIGINS: z.string().optional(),
  REDIS_URL: z.string().url().optional(),
  /** With REDIS_URL set, server/main.ts is web-only unless this is 1 (then it also embeds a node). */
  EMBEDDED_SYNC: z.enum(['0', '1']).default('0'),
  /** Standalone sync node (server/sync-main.ts): its own port and interface (default HOST). */
  SYNC_PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  SYNC_HOST: z.string().min(1).optional(),
  /** What the node registers and clients dial; default ws://<SYNC_HOST>:<SYNC_PORT>/sync. */
  SYNC_PUBLIC_URL: z.string().regex(/^wss?:\/\/[^\s]+$/, 'SYNC_PUBLIC_URL must be a ws:// or wss:// URL').optional(),
  /** Registry id of a standalone node; default random, so a restarted node is a new member. */
  NODE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'NODE_ID: letters, digits, ".", "_", "-" (max 64)').optional(),
  /** node:http servers (lib/http/server-timeouts.ts): the request head, and head plus body, must arrive within these. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** A write blocked on a database lock fails after this (SQLite busy timeout, default 1000; Postgres lock_timeout, default 10000; lib/db.server.ts). */
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  GITHUB_ID: z.string().optional(),
  GITHUB_SECRET: z.string().optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
})

export type ServerEnv = z.infer<typeof envSchema>

let cached: ServerEnv | undefined

export function serverEnv(): ServerEnv {
  if (cached) return cached
  const parsed = envSchema.safeParse(process.env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  cached = parsed.data
  return cached
}

export function roomTokenSecret(env: ServerEnv = serverEnv()): string {
  return env.ROOM_TOKEN_SECRET ?? env.NEXTAUTH_SECRET
}
