// L8's counter: how many PUBLISH commands redis-server has executed, from `redis-cli INFO
// commandstats` (PUBLISH and sharded SPUBLISH both count). Synchronous on purpose: it is read at
// the exact instants the send window opens and closes.
import { execFileSync } from 'node:child_process'

export function publishCalls(port: number): number {
  const text = execFileSync('redis-cli', ['-p', String(port), 'INFO', 'commandstats'], { encoding: 'utf8' })
  let calls = 0
  for (const m of text.matchAll(/^cmdstat_s?publish:calls=(\d+)/gm)) calls += Number(m[1])
  return calls
}
