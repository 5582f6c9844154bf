// What every sync node needs regardless of how it is hosted (embedded in server/main.ts or
// standalone in server/sync-main.ts): token keys, allowed origins, the board validator, the
// Prisma update log, and, in scale-out, the Redis bus/registry/lock. Kept in one place so the
// two entry points cannot drift apart (e.g. one accepting a rotated key the other refuses).
import { roomTokenSecret, type ServerEnv } from '@/lib/env.server'
import type { Db } from '@/lib/db.server'
import { parseKeyList, type RoomTokenKey } from '@/lib/auth/room-token'
import { validateUpdate } from '@/lib/board/validate-update'
import type { Logger } from '@/lib/log'
import type { RoomBus } from '@/lib/rooms/bus'
import type { NodeRegistry } from '@/lib/rooms/registry'
import { RedisBus } from '@/lib/rooms/redis-bus'
import { RedisRegistry } from '@/lib/rooms/redis-registry'
import type { SyncNodeOptions } from './node'
import { GroupCommitLog } from './group-commit'
import { PrismaUpdateLog } from './persistence-prisma'
import type { SqliteWriter } from './sqlite-writer'
import type { RoomLock } from './room-lock'
import { RedisRoomLock } from './room-lock-redis'

/** The cross-node plumbing a node runs on; `close` releases whatever connections it opened. */
export type SyncBackends = {
  bus: RoomBus
  registry: NodeRegistry
  /** Absent: the node's in-process lock (enough when it is the only node). */
  lock?: RoomLock
  close(): Promise<void>
}

/** Current key first, then the ones still accepted during a rotation. */
export function tokenKeysFrom(env: ServerEnv): RoomTokenKey[] {
  return [{ kid: env.ROOM_TOKEN_KID, secret: roomTokenSecret(env) }, ...parseKeyList(env.ROOM_TOKEN_PREVIOUS_KEYS)]
}

export function allowedOriginsFrom(env: ServerEnv): string[] {
  return (env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
}

/** Scale-out: the same Redis keys and channels the web tier (lib/rooms/tier.server.ts) reads. */
export function redisBackends(url: string, log: Logger, name: string): SyncBackends {
  const bus = new RedisBus({ url, log, name })
  const registry = new RedisRegistry({ url, log })
  const lock = new RedisRoomLock({ url, log })
  return {
    bus,
    registry,
    lock,
    async close() {
      // Each close is best effort and never throws (closeClient), so one down link cannot keep
      // the others open.
      await Promise.allSettled([bus.close(), registry.close(), lock.close()])
    },
  }
}

export type NodeOptionsInput = {
  env: ServerEnv
  id: string
  /** '' = same origin as the web tier (embedded); otherwise ws(s)://host:port/sync. */
  publicUrl: string
  database: Db
  /** Moves appends and compactions off the node's thread (server/sqlite-writer.ts); all Prisma when absent. */
  sqliteWriter?: SqliteWriter | null
  backends: SyncBackends
  log: Logger
}

export function syncNodeOptions({ env, id, publicUrl, database, sqliteWriter, backends, log }: NodeOptionsInput): SyncNodeOptions {
  const prisma = new PrismaUpdateLog(database)
  return {
    id,
    publicUrl,
    updateLog: new GroupCommitLog(sqliteWriter ? sqliteWriter.log(prisma) : prisma),
    bus: backends.bus,
    registry: backends.registry,
    lock: backends.lock,
    tokenKeys: tokenKeysFrom(env),
    allowedOrigins: allowedOriginsFrom(env),
    validateUpdate,
    log,
  }
}
