// What the client driver needs from a replication protocol (CP or AP).

/** A client operation, issued at one replica (the client's nearest). */
export type ClientOp = { id: number; node: string; key: number; read: boolean; invokedAt: number }

/**
 * The outcome of an operation. `version` orders writes to one key: the log index under CP, the
 * write timestamp under AP (last-writer-wins). 0 means "never written".
 */
export type Reply = (ok: boolean, version: number) => void

export interface Protocol {
  write(op: ClientOp, reply: Reply): void
  read(op: ClientOp, reply: Reply): void
  crash(node: string): void
  restart(node: string): void
  role(node: string): string
  /** Keys on which the up replicas disagree (AP); 0 under CP where reads go to the leader. */
  divergentKeys(): number
  /** Safety counters for the checks, e.g. two leaders in one term. */
  safety(): Record<string, number>
}
