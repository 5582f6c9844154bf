// Schema drift: for each provider, replaying prisma/<provider>/migrations must give exactly
// prisma/<provider>/schema.prisma (written from prisma/models.prisma). This catches a model change
// that got a migration for one provider only, or none. `migrate diff --from-migrations` replays
// the migrations on a shadow database: SQLite uses an in-memory one (prisma.config.ts workaround C);
// Postgres creates and drops a temporary database, so it needs a server and a CREATEDB role.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPostgres, type PostgresServer } from '../helpers/postgres-server'

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js')

/** Exit code 0: no difference, 2: drift (the SQL that would fix it is on stdout), 1: error. */
function drift(provider: 'sqlite' | 'postgres', url: string) {
  const args = ['migrate', 'diff', '--from-migrations', `prisma/${provider}/migrations`, '--to-schema-datamodel', `prisma/${provider}/schema.prisma`, '--script', '--exit-code']
  return spawnSync(process.execPath, [prismaCli, ...args], { env: { ...process.env, DB_PROVIDER: provider, DATABASE_URL: url }, encoding: 'utf8' })
}

let pg: PostgresServer
const dir = mkdtempSync(join(tmpdir(), 'designroom-drift-'))

beforeAll(async () => {
  pg = await startPostgres()
  // The checked-in schemas are generated (and git-ignored); write them from models.prisma now so
  // the check compares against the current models, not a stale copy.
  const written = spawnSync(process.execPath, ['scripts/prisma-schemas.mjs'], { encoding: 'utf8' })
  if (written.status !== 0) throw new Error(`prisma-schemas failed:\n${written.stderr}`)
})
afterAll(async () => {
  await pg?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('migrations match the models', () => {
  it('sqlite: no drift', () => {
    // The adapter opens DATABASE_URL even though only the in-memory shadow is used: point it at a
    // temp file so the check never touches data/.
    const result = drift('sqlite', `file:${join(dir, 'drift.db')}`)
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0)
  })

  it('postgres: no drift, and the shadow database is dropped afterwards', () => {
    const result = drift('postgres', pg.url)
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0)
    const databases = pg.psql('SELECT datname FROM pg_database ORDER BY datname').split('\n')
    expect(databases.filter((name) => !['designroom', 'postgres', 'template0', 'template1'].includes(name))).toEqual([])
  })
})
