// `npm start`: the whole product in one process on the embedded default (SQLite, in-process sync
// node, no Redis). Prepares what a fresh clone lacks (data folder, secret, migrations, a
// production build), then runs server/main.ts. `npm run dev` does the same with `next dev`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'

const require = createRequire(import.meta.url)
const dev = process.argv.includes('--dev')
// Tests run the preparation once, then start server/main.ts themselves so they can kill -9 it.
const prepareOnly = process.argv.includes('--prepare-only')
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

env.DB_PROVIDER ??= 'sqlite'
if (env.DB_PROVIDER === 'sqlite') {
  env.DATA_DIR ??= 'data'
  mkdirSync(env.DATA_DIR, { recursive: true })
  env.DATABASE_URL ??= `file:${resolve(env.DATA_DIR, 'designroom.db')}`
}

// Sessions must survive restarts, so a generated secret is kept beside the database.
if (!env.NEXTAUTH_SECRET) {
  const file = `${env.DATA_DIR ?? 'data'}/nextauth-secret`
  mkdirSync(env.DATA_DIR ?? 'data', { recursive: true })
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 })
  env.NEXTAUTH_SECRET = readFileSync(file, 'utf8').trim()
}
// Without NEXTAUTH_URL, next-auth v4 derives its origin from the Host header only when told to
// trust it; that lets the same server answer on 127.0.0.1, localhost or a LAN name.
if (!env.NEXTAUTH_URL) env.AUTH_TRUST_HOST ??= 'true'

function run(args, what) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env })
  if (result.status !== 0) {
    console.error(`designroom: ${what} failed (exit ${result.status})`)
    process.exit(result.status ?? 1)
  }
}

run([require.resolve('prisma/build/index.js'), 'migrate', 'deploy'], 'database migration')
if (!dev && !existsSync('.next/BUILD_ID')) {
  console.log('designroom: no production build yet, running `next build` once (about a minute)')
  run([require.resolve('next/dist/bin/next'), 'build'], 'next build')
}

if (prepareOnly) process.exit(0)
env.NODE_ENV = dev ? 'development' : 'production'
const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: 'inherit', env })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
