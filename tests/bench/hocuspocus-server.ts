// Launcher for benchmark server C: one Hocuspocus 3.4.4 instance per process, no auth hooks
// (the client's Auth frame is still required by the protocol; any token passes), no persistence,
// and the Redis extension when REDIS_PORT is set so two processes share documents.
// Usage: PORT=1234 REDIS_PORT=6379 node --import tsx tests/bench/hocuspocus-server.ts
import { Server } from '@hocuspocus/server'
import { Redis } from '@hocuspocus/extension-redis'

const port = Number(process.env.PORT ?? 1234)
const redisPort = process.env.REDIS_PORT ? Number(process.env.REDIS_PORT) : undefined

const server = new Server({
  port,
  address: '127.0.0.1',
  quiet: true,
  extensions: redisPort ? [new Redis({ host: '127.0.0.1', port: redisPort })] : [],
})

server.listen().then(
  () => console.log(`hocuspocus listening on ${port}${redisPort ? ` with redis ${redisPort}` : ''}`),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
