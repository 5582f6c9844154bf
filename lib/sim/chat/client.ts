// A chat client and its inbox. Messages carry a per-room sequence number; the inbox hands them
// to the user strictly in order, holding back any that overtook an earlier one (jitter, or
// pub/sub racing the local path) and dropping duplicates (a live copy of a message the resync
// already delivered). A resync fills everything up to the server's snapshot at once.

export type Outgoing = { id: number; room: number; sender: number }

export type ConnState = 'connected' | 'offline' | 'reconnecting'

/** Shared by every inbox of a run, so metrics need not visit each client. */
export type InboxTotals = { outOfOrder: number; duplicates: number; heldBack: number }

export class Inbox {
  /** Highest sequence number handed to the user; every lower one was handed over, in order. */
  last = 0
  private readonly held = new Map<number, number>()

  constructor(
    private readonly totals: InboxTotals,
    private readonly deliver: (seq: number, live: boolean, sentAt: number) => void,
  ) {}

  /** A live message: deliver it, or hold it until the ones before it arrive. */
  receive(seq: number, sentAt: number): void {
    if (seq <= this.last || this.held.has(seq)) return void this.totals.duplicates++
    if (seq !== this.last + 1) {
      this.totals.heldBack++
      this.held.set(seq, sentAt)
      return
    }
    this.hand(seq, true, sentAt)
    this.flush()
  }

  /** The resync: every message up to the server's snapshot, from the room's log. */
  resync(upTo: number, sentAtOf: (seq: number) => number): void {
    for (let seq = this.last + 1; seq <= upTo; seq++) {
      this.held.delete(seq)
      this.hand(seq, false, sentAtOf(seq))
    }
    this.flush()
  }

  private flush(): void {
    for (let next = this.held.get(this.last + 1); next !== undefined; next = this.held.get(this.last + 1)) {
      this.held.delete(this.last + 1)
      this.hand(this.last + 1, true, next)
    }
  }

  private hand(seq: number, live: boolean, sentAt: number): void {
    // The in-order guarantee, counted rather than assumed: must stay 0.
    if (seq !== this.last + 1) this.totals.outOfOrder++
    this.last = seq
    this.deliver(seq, live, sentAt)
  }
}

export type Client = {
  index: number
  id: string
  room: number
  /** The placement key: its room's id or its own, per connectBy. */
  key: string
  state: ConnState
  server: string | null
  /** Bumped on every disconnect, so events scheduled for an old connection are ignored. */
  epoch: number
  /** Connected and the resync has arrived. */
  synced: boolean
  inbox: Inbox
  outbox: Outgoing[]
  /** Disconnected by a server failure (true) or by leaving (false), for the reconnect stats. */
  byFailure: boolean
  disconnectedAt: number
  /** Room sequence number when the connection was lost: later messages are "missed". */
  seqAtDisconnect: number
  /** The current outage's missed range (seqAtDisconnect, snapshot], once resynced. */
  missedFrom: number
  missedTo: number
  attempts: number
}

export function makeClient(
  index: number,
  room: number,
  connectBy: 'room' | 'user',
  totals: InboxTotals,
  handed: (client: Client, seq: number, live: boolean, sentAt: number) => void,
): Client {
  const id = `u${index}`
  const client: Client = {
    index, id, room, key: connectBy === 'room' ? `room-${room}` : id,
    state: 'offline', server: null, epoch: 0, synced: false, outbox: [], byFailure: false,
    disconnectedAt: 0, seqAtDisconnect: 0, missedFrom: 0, missedTo: 0, attempts: 0,
    inbox: new Inbox(totals, (seq, live, sentAt) => handed(client, seq, live, sentAt)),
  }
  return client
}
