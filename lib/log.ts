// A tiny structured logger: one JSON object per line on stderr, so `LOG_LEVEL=debug` output can
// be grepped or piped into jq. Tests pass `silentLogger` (or a capturing one via `createLogger`).
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
  /** A logger that adds `fields` to every line (e.g. the node id or room). */
  child(fields: LogFields): Logger
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export function parseLogLevel(value: string | undefined, fallback: LogLevel = 'info'): LogLevel | 'silent' {
  if (value === 'silent') return 'silent'
  return value && value in rank ? (value as LogLevel) : fallback
}

/** Errors do not survive JSON.stringify; keep their message and stack. */
function plain(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack }
  return value
}

export function createLogger(
  level: LogLevel | 'silent' = 'info',
  base: LogFields = {},
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Logger {
  const min = level === 'silent' ? Infinity : rank[level]
  const emit = (lvl: LogLevel, msg: string, fields?: LogFields): void => {
    if (rank[lvl] < min) return
    const entry: LogFields = { time: new Date().toISOString(), level: lvl, msg, ...base }
    for (const [key, value] of Object.entries(fields ?? {})) entry[key] = plain(value)
    try {
      write(JSON.stringify(entry))
    } catch {
      write(JSON.stringify({ time: entry.time, level: lvl, msg, note: 'fields were not serializable' }))
    }
  }
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  }
}

export const silentLogger: Logger = createLogger('silent')
