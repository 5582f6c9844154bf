// The Postgres driver adapter, with one fix: Prisma 6.19 ends an interactive transaction by
// running COMMIT or ROLLBACK through executeRaw and only then calling commit()/rollback(), which
// hand the pool client back. When Postgres went away mid-transaction (a restart, a terminated
// backend), that statement throws, the client is never released, and the pool keeps it checked
// out for good: measured, one leaked client per transaction in flight at a restart, so a few
// outages exhaust the pool (10 clients) and every later append waits forever; $disconnect() hangs
// too (tests/integration/postgres-faults.test.ts, F7). We release the client when that happens.
import { PrismaPg } from '@prisma/adapter-pg'

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>

function releaseOnFailedEnd(tx: Transaction): Transaction {
  const executeRaw = tx.executeRaw.bind(tx)
  tx.executeRaw = async (query) => {
    try {
      return await executeRaw(query)
    } catch (error) {
      // A failed COMMIT or ROLLBACK ends the transaction either way; rollback() only releases the
      // client (and the pool drops it when its connection is dead).
      if (query.sql === 'COMMIT' || query.sql === 'ROLLBACK') await tx.rollback()
      throw error
    }
  }
  return tx
}

export class ReleasingPrismaPg extends PrismaPg {
  override async connect(): Promise<Adapter> {
    const adapter = await super.connect()
    const startTransaction = adapter.startTransaction.bind(adapter)
    adapter.startTransaction = async (isolationLevel) => releaseOnFailedEnd(await startTransaction(isolationLevel))
    return adapter
  }
}
