// A throwaway PostgreSQL cluster for tests: initdb into a temp dir, start it on a free port with
// TCP on 127.0.0.1 only, create a role and database for the app, and tear it all down afterwards.
// Nothing touches the system cluster, /etc or systemd, so it works in CI containers as they are.
import { execFile, execFileSync, spawn } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port'

export type PostgresServer = {
  /** postgresql:// URL of the app role's own database (the role may CREATEDB, for shadow DBs). */
  url: string
  /** Creates another empty database owned by the app role and returns its URL. */
  createDatabase(name: string): Promise<string>
  /** Runs SQL as the superuser in the `postgres` database; rows come back one a line, fields split by |. */
  psql(sql: string): string
  /** Applies the shipped Postgres migrations' SQL with psql: the tables in well under a second,
   *  where `prisma migrate deploy` takes ~11 s (no _prisma_migrations bookkeeping, so only for
   *  tests that need the schema, not the migration history). */
  applySchema(database?: string): void
  /** Holds `lockSql` (e.g. `LOCK TABLE ...`) in an open superuser transaction until released
   *  (release may be called again; later calls wait for the same exit). */
  holdLock(lockSql: string, database?: string): Promise<{ release(): Promise<void> }>
  /** pg_dump of a database in plain SQL, as the backup a restore would replay. */
  dump(database?: string): Promise<string>
  /** Replays a plain-SQL dump into `database` as the app role. */
  restore(dumpSql: string, database: string): void
  /** Shuts the cluster down (fast mode: clients are disconnected) but keeps its data and port.
   *  Asynchronous, so an in-process sync node keeps running while pg_ctl waits. */
  halt(): Promise<void>
  /** Starts a halted cluster again on the same data directory and port. */
  resume(): Promise<void>
  /** Tears the cluster down and deletes its files. */
  stop(): Promise<void>
}

export type PostgresOptions = {
  /** Keep fsync and full_page_writes on (the defaults), for tests that assert durability
   *  settings; off otherwise, since the cluster is thrown away and fsync only slows tests. */
  durable?: boolean
}

const ROLE = 'designroom'

/**
 * Debian installs Postgres binaries in /usr/lib/postgresql/<major>/bin, off PATH; take the newest
 * major that has initdb. PG_BIN_DIR overrides the search (other distributions, custom builds).
 */
export function findPostgresBinDir(): string | null {
  const override = process.env.PG_BIN_DIR
  if (override) return existsSync(join(override, 'initdb')) ? override : null
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const majors = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return majors[0] ? join(root, majors[0], 'bin') : null
}

export async function startPostgres(config: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBinDir()
  if (!bin) {
    throw new Error(
      'PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb (set PG_BIN_DIR to use another). ' +
        'Install it with `apt-get install -y postgresql` (.ci/run does this in CI).',
    )
  }
  // initdb and postgres refuse to run as root; as root, run the server tools as the `postgres`
  // OS user that the Debian package creates, and let it own the temp dir.
  const asRoot = process.getuid?.() === 0
  const dir = mkdtempSync(join(tmpdir(), 'designroom-pg-'))
  const data = join(dir, 'data')
  const sockets = join(dir, 'sock')
  mkdirSync(sockets)
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
    chownSync(sockets, uid, gid)
  }
  const asServerUser = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args]
  const server = (tool: string, args: string[]): string => {
    const [command, rest] = asServerUser(tool, args)
    try {
      return execFileSync(command, rest, { encoding: 'utf8', stdio: 'pipe', cwd: dir })
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string }
      const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : ''
      throw new Error(`${tool} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}\n${log}`)
    }
  }

  // --no-sync and fsync=off: the cluster is thrown away, durability would only slow tests down.
  server('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'])
  const port = await freePort()
  const fast = config.durable ? '' : ' -c fsync=off -c full_page_writes=off'
  const options = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1${fast}`
  const startArgs = ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']
  const stopArgs = ['-D', data, '-m', 'fast', '-w', 'stop']
  const serverAsync = (tool: string, args: string[]): Promise<void> => {
    const [command, rest] = asServerUser(tool, args)
    return new Promise((resolve, reject) => execFile(command, rest, { cwd: dir }, (error, _out, err) => (error ? reject(new Error(`${tool}: ${error.message}\n${err}`)) : resolve())))
  }
  server('pg_ctl', startArgs)

  // psql is a plain client: it may run as any user, over TCP, thanks to trust authentication.
  const connect = (database: string) => ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database]
  const psqlIn = (database: string, args: string[], input?: string): string =>
    execFileSync(join(bin, 'psql'), [...connect(database), '-v', 'ON_ERROR_STOP=1', '-At', ...args], { encoding: 'utf8', stdio: 'pipe', input, maxBuffer: 256 * 1024 * 1024 }).trim()
  const psql = (sql: string): string => psqlIn('postgres', ['-c', sql])
  const urlFor = (database: string) => `postgresql://${ROLE}:${ROLE}@127.0.0.1:${port}/${database}`
  let stopped = false
  let running = true
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    try {
      if (running) server('pg_ctl', stopArgs)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  try {
    // CREATEDB: `migrate dev` and `migrate diff --from-migrations` build a shadow database.
    psql(`CREATE ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${ROLE}'`)
    psql(`CREATE DATABASE ${ROLE} OWNER ${ROLE}`)
  } catch (error) {
    await stop()
    throw error
  }
  return {
    url: urlFor(ROLE),
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`)
      psql(`CREATE DATABASE ${name} OWNER ${ROLE}`)
      return urlFor(name)
    },
    psql,
    applySchema(database = ROLE) {
      const root = join(import.meta.dirname, '../../prisma/postgres/migrations')
      const steps = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
      for (const step of steps) psqlIn(database, ['-q', '-c', `SET ROLE ${ROLE}`, '-f', join(root, step, 'migration.sql')])
    },
    holdLock: (lockSql, database = ROLE) => holdLock(join(bin, 'psql'), connect(database), lockSql),
    dump: (database = ROLE) =>
      new Promise((resolve, reject) =>
        execFile(join(bin, 'pg_dump'), [...connect(database), '--no-owner'], { maxBuffer: 256 * 1024 * 1024 }, (error, out) => (error ? reject(error) : resolve(out))),
      ),
    restore: (dumpSql, database) => void psqlIn(database, ['-q', '-c', `SET ROLE ${ROLE}`, '-f', '-'], dumpSql),
    async halt() {
      await serverAsync('pg_ctl', stopArgs)
      running = false
    },
    async resume() {
      await serverAsync('pg_ctl', startArgs)
      running = true
    },
    stop,
  }
}

/** A psql session that takes a lock in a transaction and keeps it until release() commits. */
function holdLock(psql: string, connect: string[], lockSql: string): Promise<{ release(): Promise<void> }> {
  const session = spawn(psql, [...connect, '-v', 'ON_ERROR_STOP=1', '-At'], { stdio: ['pipe', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  session.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  session.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const exited = new Promise<void>((resolve) => session.once('exit', () => resolve()))
  // The marker is printed only after the lock statement returned, i.e. once the lock is held.
  session.stdin.write(`BEGIN;\n${lockSql};\nSELECT 'lock-held';\n`)
  return new Promise((resolve, reject) => {
    const check = setInterval(() => {
      if (out.includes('lock-held')) {
        clearInterval(check)
        resolve({
          async release() {
            if (session.exitCode === null && !session.stdin.writableEnded) session.stdin.end('COMMIT;\n')
            await exited
          },
        })
      } else if (session.exitCode !== null) {
        clearInterval(check)
        reject(new Error(`psql lock session exited: ${err}`))
      }
    }, 20)
  })
}
