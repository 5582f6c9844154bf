// A throwaway PostgreSQL cluster for tests: initdb into a temp dir, start it on a free port with
// TCP on 127.0.0.1 only, create a role and database for the app, and tear it all down afterwards.
// Nothing touches the system cluster, /etc or systemd, so it works in CI containers as they are.
import { execFileSync } from 'node:child_process'
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
  stop(): Promise<void>
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

export async function startPostgres(): Promise<PostgresServer> {
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
  const server = (tool: string, args: string[]): string => {
    const [command, rest] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args]
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
  const options = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`
  server('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start'])

  // psql is a plain client: it may run as any user, over TCP, thanks to trust authentication.
  const psql = (sql: string): string =>
    execFileSync(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql], {
      encoding: 'utf8',
      stdio: 'pipe',
    }).trim()
  const urlFor = (database: string) => `postgresql://${ROLE}:${ROLE}@127.0.0.1:${port}/${database}`
  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    try {
      server('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
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
    stop,
  }
}
