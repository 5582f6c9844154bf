// L7 (lookup + upgrade) on the real multi-process deployment (helpers/cluster.ts: redis-server,
// the web server with /api/rooms, two sync nodes). Part 1, autocannon's shape: 50 concurrent
// request loops on the lookup endpoint for the run's duration. Part 2: 50 upgrades a second on an
// open-loop schedule, each a lookup and then a socket to the node it names, timed from the
// socket's intended start until the client is synced. The lookup limits requests per client
// address (120 a minute), so requests and sockets come from many loopback source addresses, as
// many real clients would. L7_WEB_PROCESSES=N runs N web processes and spreads the requests over
// them round robin, as a balancer would: lookups are stateless, so this is how the web tier scales,
// but it only pays on a machine with a core for each.
import { request } from 'node:http'
import { z } from 'zod'
import { roomLookupSchema, type RoomLookup } from '@/lib/protocol/lookup'
import { BenchClient } from '../bench/load-generator'
import { percentile } from '../bench/scenarios'
import { startCluster } from '../helpers/cluster'
import { signedInUser } from '../helpers/web-client'
import { atMost, type ScenarioResult } from './report'

/** L7_WEB_PROCESSES: how many web processes answer lookups (1 when unset). */
export function webProcessCount(raw: string | undefined): number {
  const parsed = z.coerce.number().int().min(1).max(32).safeParse(raw ?? '1')
  if (!parsed.success) throw new Error(`L7_WEB_PROCESSES must be a whole number from 1 to 32, not ${JSON.stringify(raw)}`)
  return parsed.data
}

let addressCounter = 0
/** 127.78.a.b, a new one per request: 10,000 addresses make 120 a minute each ample. */
function nextAddress(): string {
  const i = addressCounter++ % 10_000
  return `127.78.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`
}

type Lookup = { status: number; ms: number; body: string }

function lookupOnce(baseUrl: string, path: string): Promise<Lookup> {
  return new Promise((resolve) => {
    const started = performance.now()
    const req = request(`${baseUrl}${path}`, { localAddress: nextAddress(), agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, body }))
    })
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started, body: '' }))
    req.end()
  })
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export async function lookupAndUpgrade(opts: { durationS: number; concurrency: number; upgradesPerS: number; boards: number; webProcesses: number }): Promise<ScenarioResult> {
  const cluster = await startCluster(2)
  try {
    const webs = [cluster.web]
    while (webs.length < opts.webProcesses) webs.push(await cluster.addWeb())
    const webUrl = (i: number): string => webs[i % webs.length]!.baseUrl
    const owner = await signedInUser(cluster.web.baseUrl, 'load')
    const paths: string[] = []
    for (let b = 0; b < opts.boards; b++) {
      const created = await owner.client.json('/api/boards', 'POST', { title: `load ${b}` })
      const { id } = (await created.json()) as { id: string }
      const shared = await owner.client.json(`/api/boards/${id}/shares`, 'POST', { role: 'editor' })
      const { token } = (await shared.json()) as { token: string }
      paths.push(`/api/rooms/${id}?share=${encodeURIComponent(token)}`)
    }

    const lookups: number[] = []
    const errorStatuses = new Map<number, number>()
    const errorBodies: string[] = []
    const until = performance.now() + opts.durationS * 1000
    await Promise.all(
      Array.from({ length: opts.concurrency }, async (_, lane) => {
        for (let i = lane; performance.now() < until; i += opts.concurrency) {
          const r = await lookupOnce(webUrl(i), paths[i % paths.length]!)
          lookups.push(r.ms)
          if (r.status !== 200) {
            errorStatuses.set(r.status, (errorStatuses.get(r.status) ?? 0) + 1)
            if (errorBodies.length < 3) errorBodies.push(`${r.status} ${r.body.slice(0, 200)}`)
          }
        }
      }),
    )

    const upgrades: number[] = []
    let upgradeErrors = 0
    const total = opts.durationS * opts.upgradesPerS
    const started = performance.now()
    await Promise.all(
      Array.from({ length: total }, async (_, i) => {
        await sleep(started + (i * 1000) / opts.upgradesPerS - performance.now())
        const r = await lookupOnce(webUrl(i), paths[i % paths.length]!)
        let lookup: RoomLookup
        try {
          lookup = roomLookupSchema.parse(JSON.parse(r.body))
        } catch {
          upgradeErrors++
          return
        }
        const intended = performance.now()
        const client = new BenchClient({ url: `${lookup.url}/${lookup.room}?token=${encodeURIComponent(lookup.token)}`, framing: 'plain', docName: lookup.room, token: lookup.token })
        try {
          await client.synced
          upgrades.push(performance.now() - intended)
        } catch {
          upgradeErrors++
        }
        await client.close()
      }),
    )
    return {
      scenario: `L7 lookup + upgrade: lookup at c=${opts.concurrency} for ${opts.durationS} s, then ${opts.upgradesPerS} upgrades/s for ${opts.durationS} s (${opts.boards} boards, ${opts.webProcesses} web process${opts.webProcesses === 1 ? '' : 'es'}, 2 sync nodes)`,
      figures: {
        lookups: lookups.length,
        'lookups/s': lookups.length / opts.durationS,
        'lookup p50 ms': percentile(lookups, 50),
        'lookup errors by status (0: connection failed)': [...errorStatuses].map(([s, n]) => `${s}: ${n}`).join(', ') || 'none',
        upgrades: upgrades.length,
        'upgrade+sync p50 ms': percentile(upgrades, 50),
      },
      criteria: [
        atMost('L7', 'lookup p99', percentile(lookups, 99), 20, 'ms'),
        atMost('L7', 'lookup errors (not 200)', [...errorStatuses.values()].reduce((a, b) => a + b, 0), 0, ''),
        atMost('L7', 'upgrade+sync p99 (socket start -> synced)', percentile(upgrades, 99), 100, 'ms'),
        atMost('L7', 'upgrades that failed', upgradeErrors, 0, ''),
      ],
      notes: [
        'the lookup client is this process (node:http, one connection per request), not autocannon',
        ...errorBodies.map((b) => `lookup error: ${b}`),
        // A server error needs its cause next to the figure; the cluster's log is gone after dispose.
        ...(errorBodies.some((b) => b.startsWith('5')) ? [`web server log (errors): ${webs.map((w) => w.output()).join('\n').split('\n').filter((l) => /error/i.test(l)).slice(-5).join(' | ')}`] : []),
      ],
    }
  } finally {
    await cluster.dispose()
  }
}
