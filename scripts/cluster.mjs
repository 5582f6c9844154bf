// `npm run cluster`: the scale-out topology on one machine, for demos and failover drills. A
// redis-server (from PATH, unless REDIS_URL is given), one web process on PORT (default 3000)
// and three standalone sync nodes on free ports, all sharing one database and secret. Output is
// prefixed per child. Kill a node (its pid is printed) and watch clients move to another one;
// a dead child is reported loudly but the rest keep running. Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'

const SYNC_NODES = 3
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
env.DB_PROVIDER ??= 'sqlite'
// Decided here, not only inside start.mjs, so every child gets the same values start.mjs used.
if (env.DB_PROVIDER === 'sqlite') {
  env.DATA_DIR ??= 'data'
  env.DATABASE_URL ??= `file:${resolve(env.DATA_DIR, 'designroom.db')}`
}
env.PORT ??= '3000'
env.HOST ??= '127.0.0.1'

const colors = [36, 33, 35, 32, 34, 31]
/** @type {Map<string, import('node:child_process').ChildProcess>} */
const children = new Map()
let stopping = false

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))))
    })
  })
}

/** Pipes a child's lines to ours with a coloured `name |` in front. */
function prefix(name, stream, out) {
  const color = colors[children.size % colors.length]
  const label = `\x1b[${color}m${name.padEnd(7)}|\x1b[0m `
  createInterface({ input: stream }).on('line', (line) => out.write(label + line + '\n'))
}

function start(name, command, args, extraEnv = {}) {
  const child = spawn(command, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] })
  prefix(name, child.stdout, process.stdout)
  prefix(name, child.stderr, process.stderr)
  children.set(name, child)
  console.log(`cluster: started ${name} (pid ${child.pid})`)
  child.on('error', (error) => console.error(`cluster: could not start ${name}: ${error.message}`))
  child.on('exit', (code, signal) => {
    if (stopping) return
    // Loud, but the others stay up: surviving the loss of a node is what this is for.
    const banner = '!'.repeat(72)
    console.error(`\n\x1b[41;97m${banner}\x1b[0m`)
    console.error(`\x1b[41;97m  ${name} (pid ${child.pid}) DIED: ${signal ? `signal ${signal}` : `exit code ${code}`}`.padEnd(79) + '\x1b[0m')
    console.error(`\x1b[41;97m${banner}\x1b[0m\n`)
  })
  return child
}

async function stopAll() {
  if (stopping) return
  stopping = true
  console.log('\ncluster: stopping everything')
  // Redis last: the nodes deregister and unsubscribe through it while they shut down.
  const order = [...children.entries()].sort(([a], [b]) => (a === 'redis' ? 1 : 0) - (b === 'redis' ? 1 : 0))
  const alive = (child) => child.exitCode === null && child.signalCode === null
  const stop = (child) =>
    new Promise((done) => {
      if (!alive(child)) return done()
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      child.once('exit', () => {
        clearTimeout(timer)
        done()
      })
      child.kill('SIGTERM')
    })
  await Promise.all(order.filter(([name]) => name !== 'redis').map(([, child]) => stop(child)))
  const redis = children.get('redis')
  if (redis) await stop(redis)
  process.exit(0)
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stopAll())

// Migrations, the secret file and a production build, exactly as `npm start` prepares them.
const prepared = spawnSync(process.execPath, ['scripts/start.mjs', '--prepare-only'], { stdio: 'inherit', env })
if (prepared.status !== 0) process.exit(prepared.status ?? 1)
if (!env.NEXTAUTH_SECRET) {
  const file = `${env.DATA_DIR ?? 'data'}/nextauth-secret`
  if (!existsSync(file)) {
    console.error(`cluster: NEXTAUTH_SECRET is not set and ${file} does not exist`)
    process.exit(1)
  }
  env.NEXTAUTH_SECRET = readFileSync(file, 'utf8').trim()
}
if (!env.NEXTAUTH_URL) env.AUTH_TRUST_HOST ??= 'true'
env.NODE_ENV = 'production'

if (!env.REDIS_URL) {
  const port = await freePort()
  start('redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'])
  env.REDIS_URL = `redis://127.0.0.1:${port}`
  // Give it a moment to listen; the node clients retry anyway.
  await new Promise((r) => setTimeout(r, 300))
}

const tsx = ['--import', 'tsx']
start('web', process.execPath, [...tsx, 'server/main.ts'])
for (let i = 1; i <= SYNC_NODES; i++) {
  const port = await freePort()
  start(`sync-${i}`, process.execPath, [...tsx, 'server/sync-main.ts'], { SYNC_PORT: String(port), NODE_ID: `sync-${i}` })
}
console.log(`cluster: web on http://${env.HOST}:${env.PORT}, redis at ${env.REDIS_URL}; Ctrl-C stops all`)
