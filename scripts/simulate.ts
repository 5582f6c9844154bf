// `npm run simulate -- <simulator> --params '<json>' --seed N [--duration T]` prints a run's
// final metrics as JSON; `npm run simulate -- --list` prints every simulator's parameters and
// metrics. Bad input exits with code 2 and a message naming what was wrong.
import { z } from 'zod'
import { describeParams } from '@/lib/sim/engine'
import { getSimulator, simulators, startRun } from '@/lib/sim/registry'

const USAGE = `usage: npm run simulate -- <simulator> [--params '<json>'] [--seed N] [--duration T]
       npm run simulate -- --list`

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(2)
}

function parseArgs(argv: string[]): { list: boolean; id?: string; flags: Map<string, string> } {
  const flags = new Map<string, string>()
  let id: string | undefined
  let list = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--list') list = true
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`)
      process.exit(0)
    } else if (arg === '--params' || arg === '--seed' || arg === '--duration') {
      const value = argv[++i]
      if (value === undefined) fail(`${arg}: missing value\n${USAGE}`)
      flags.set(arg.slice(2), value)
    } else if (arg.startsWith('--')) fail(`unknown option ${arg}\n${USAGE}`)
    else if (id === undefined) id = arg
    else fail(`unexpected argument ${arg}\n${USAGE}`)
  }
  return { list, id, flags }
}

function list(): unknown {
  return Object.values(simulators).map((sim) => ({
    id: sim.id,
    title: sim.title,
    summary: sim.summary,
    timeUnit: sim.timeUnit,
    defaultDuration: sim.defaultDuration,
    params: describeParams(sim.params.specs),
    jsonSchema: z.toJSONSchema(sim.params.schema, { io: 'input' }),
    metrics: sim.metrics,
    leavesOut: sim.leavesOut,
  }))
}

function main(): void {
  const { list: wantList, id, flags } = parseArgs(process.argv.slice(2))
  if (wantList) {
    process.stdout.write(`${JSON.stringify(list(), null, 2)}\n`)
    return
  }
  const known = Object.keys(simulators).join(', ')
  if (id === undefined) fail(`missing simulator; known simulators: ${known}\n${USAGE}`)
  const sim = getSimulator(id)
  if (!sim) fail(`unknown simulator "${id}"; known simulators: ${known}`)

  let input: unknown = {}
  const rawParams = flags.get('params')
  if (rawParams !== undefined) {
    try {
      input = JSON.parse(rawParams)
    } catch (error) {
      fail(`--params: not valid JSON (${(error as Error).message})`)
    }
  }
  const seed = Number(flags.get('seed') ?? '1')
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) fail('--seed: must be an integer from 0 to 4294967295')
  const duration = Number(flags.get('duration') ?? sim.defaultDuration)
  if (!Number.isFinite(duration) || duration <= 0 || duration > 1e8) fail('--duration: must be a positive number of model time units (at most 1e8)')

  const started = startRun(sim, input, seed, duration)
  if (!started.ok) fail(`invalid parameters for ${sim.id}:\n  ${started.errors.join('\n  ')}`)
  started.run.advance(duration)
  const result = { simulator: sim.id, seed, duration, timeUnit: sim.timeUnit, params: started.params, metrics: started.run.metrics() }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

main()
