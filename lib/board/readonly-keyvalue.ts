// A read-only view of a YKeyValue array, for clients that must never write to the document.
// y-utility's YKeyValue deletes duplicate entries whenever it sees them (on construction and
// after every change), which is a write: a viewer using it would send updates the sync node
// must drop or answer by closing the socket (reliability.md finding 9). This view resolves
// duplicates the same way (the rightmost entry wins) without touching the array, and emits the
// same 'change' events as YKeyValue so the store binding can use either.
import type * as Y from 'yjs'
import type { RecordEntry } from './layout'

export type KeyValueChange<T> =
  | { action: 'add'; newValue: T }
  | { action: 'update'; oldValue: T; newValue: T }
  | { action: 'delete'; oldValue: T }

export type KeyValueListener<T> = (changes: Map<string, KeyValueChange<T>>, transaction: Y.Transaction) => void

/** What the store binding needs from YKeyValue or ReadonlyKeyValue. */
export interface KeyValueSource<T> {
  readonly map: Map<string, RecordEntry<T>>
  get(key: string): T | undefined
  on(name: 'change', listener: KeyValueListener<T>): void
  off(name: 'change', listener: KeyValueListener<T>): void
}

function isEntry<T>(value: unknown): value is RecordEntry<T> {
  return typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string' && 'val' in value
}

export class ReadonlyKeyValue<T> implements KeyValueSource<T> {
  readonly map = new Map<string, RecordEntry<T>>()
  private readonly listeners = new Set<KeyValueListener<T>>()
  private readonly observer: (event: Y.YArrayEvent<RecordEntry<T>>, transaction: Y.Transaction) => void

  constructor(private readonly yarray: Y.Array<RecordEntry<T>>) {
    for (const entry of yarray.toArray()) if (isEntry<T>(entry)) this.map.set(entry.key, entry) // later entries win
    this.observer = (event, transaction) => this.onEvent(event, transaction)
    yarray.observe(this.observer)
  }

  get(key: string): T | undefined {
    return this.map.get(key)?.val
  }

  on(_name: 'change', listener: KeyValueListener<T>): void {
    this.listeners.add(listener)
  }

  off(_name: 'change', listener: KeyValueListener<T>): void {
    this.listeners.delete(listener)
  }

  destroy(): void {
    this.yarray.unobserve(this.observer)
    this.listeners.clear()
  }

  private onEvent(event: Y.YArrayEvent<RecordEntry<T>>, transaction: Y.Transaction): void {
    const touched = new Set<string>()
    for (const item of event.changes.added) for (const v of item.content.getContent()) if (isEntry(v)) touched.add(v.key)
    for (const item of event.changes.deleted) for (const v of item.content.getContent()) if (isEntry(v)) touched.add(v.key)
    if (touched.size === 0) return
    // Rightmost live entry per touched key, in one right-to-left pass.
    const winners = new Map<string, RecordEntry<T>>()
    const entries = this.yarray.toArray()
    for (let i = entries.length - 1; i >= 0 && winners.size < touched.size; i--) {
      const entry = entries[i]
      if (isEntry<T>(entry) && touched.has(entry.key) && !winners.has(entry.key)) winners.set(entry.key, entry)
    }
    const changes = new Map<string, KeyValueChange<T>>()
    for (const key of touched) {
      const before = this.map.get(key)
      const after = winners.get(key)
      if (before === after) continue
      if (after) this.map.set(key, after)
      else this.map.delete(key)
      if (before && after) changes.set(key, { action: 'update', oldValue: before.val, newValue: after.val })
      else if (after) changes.set(key, { action: 'add', newValue: after.val })
      else if (before) changes.set(key, { action: 'delete', oldValue: before.val })
    }
    if (changes.size === 0) return
    for (const listener of this.listeners) listener(changes, transaction)
  }
}
