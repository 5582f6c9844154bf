// Graceful shutdown shared by both entry points: on SIGTERM or SIGINT, run `closeNode` (which
// must commit every room while the database and Redis are still up), then stop HTTP and close
// the database, in that order. A second signal while stopping is ignored.
import type { Server } from 'node:http'
import type { Logger } from '@/lib/log'

export function shutdownOnSignals(options: {
  server: Server
  log: Logger
  closeNode: () => Promise<void>
  closeDatabase: () => Promise<void>
  onStopping?: () => void
}): void {
  let stopping = false
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return
    stopping = true
    options.onStopping?.()
    options.log.info('shutting down', { signal })
    try {
      await options.closeNode()
    } catch (error) {
      options.log.error('node close failed', { error })
    }
    options.server.closeAllConnections()
    await new Promise<void>((resolve) => options.server.close(() => resolve()))
    await options.closeDatabase()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}
