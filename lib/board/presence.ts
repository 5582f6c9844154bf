// Presence over Yjs awareness: this tab's tldraw presence record out (editors only), other tabs'
// records into the store as remote changes so tldraw draws their cursors and selections.
//
// Awareness is unauthenticated (reliability.md finding 8): any client can claim any record id,
// user id or name. So a received record is validated, its id and userId are forced from the
// sender's awareness clientID (nobody can overwrite or impersonate another tab's presence), and a
// `user` field the sync node sets from the room token wins over the self-declared name and color.
import {
  InstancePresenceRecordType,
  UserRecordType,
  atom,
  createPresenceStateDerivation,
  createUserId,
  react,
  type TLInstancePresence,
  type TLStore,
  type TLUserId,
} from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import { LEAD_FIELD, PRESENCE_FIELD } from './layout'

export type PresenceUser = { name: string; color: string }

/** Someone shown in "who's here". */
export type Peer = {
  clientId: number
  name: string
  color: string
  isSelf: boolean
  /** tldraw's user id for this tab's presence, what `editor.startFollowingUser` takes. */
  userId: TLUserId
  /** Set while this peer asks everyone to follow them; a new value is a new request. */
  lead: number | null
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] }

const COLOR = /^#[0-9a-f]{6}$/i

function presenceId(clientId: number): TLInstancePresence['id'] {
  return InstancePresenceRecordType.createId(String(clientId))
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

/** The identity the sync node stamped on this state, if any (`user: { name, color }`). */
function serverUser(state: Record<string, unknown> | undefined): Partial<PresenceUser> {
  const user = asObject(state?.user)
  return {
    name: typeof user?.name === 'string' ? user.name.slice(0, 80) : undefined,
    color: typeof user?.color === 'string' && COLOR.test(user.color) ? user.color : undefined,
  }
}

function remotePresence(clientId: number, state: Record<string, unknown> | undefined): TLInstancePresence | undefined {
  const raw = asObject(state?.[PRESENCE_FIELD])
  if (!raw) return undefined
  const stamped = serverUser(state)
  const candidate = {
    ...raw,
    id: presenceId(clientId),
    typeName: 'instance_presence',
    userId: createUserId(String(clientId)),
    ...(stamped.name !== undefined ? { userName: stamped.name } : {}),
    ...(stamped.color !== undefined ? { color: stamped.color } : {}),
  }
  try {
    return InstancePresenceRecordType.validate(candidate)
  } catch {
    return undefined
  }
}

/** Everyone in the room as awareness sees it; viewers publish nothing, so they are not listed. */
export function listPeers(awareness: Awareness, self: PresenceUser | null): Peer[] {
  const peers: Peer[] = []
  for (const [clientId, rawState] of awareness.getStates()) {
    const isSelf = clientId === awareness.clientID
    if (isSelf) continue
    const state = asObject(rawState)
    const presence = asObject(state?.[PRESENCE_FIELD])
    const stamped = serverUser(state)
    const name = stamped.name ?? (typeof presence?.userName === 'string' ? presence.userName.slice(0, 80) : undefined)
    if (name === undefined) continue
    const color = stamped.color ?? (typeof presence?.color === 'string' && COLOR.test(presence.color) ? presence.color : '#868e96')
    const lead = state?.[LEAD_FIELD]
    peers.push({
      clientId,
      name: name || 'Someone',
      color,
      isSelf: false,
      userId: createUserId(String(clientId)),
      lead: typeof lead === 'number' && Number.isFinite(lead) ? lead : null,
    })
  }
  peers.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId)
  if (self) {
    const lead = asObject(awareness.getLocalState())?.[LEAD_FIELD]
    peers.unshift({
      clientId: awareness.clientID,
      name: self.name,
      color: self.color,
      isSelf: true,
      userId: createUserId(String(awareness.clientID)),
      lead: typeof lead === 'number' ? lead : null,
    })
  }
  return peers
}

/**
 * Starts presence for one tab. `publish` is false for viewers: they clear their awareness state
 * (so y-websocket sends none on connect) and only read others'.
 */
export function bindPresence({
  store,
  awareness,
  user,
  publish,
}: {
  store: TLStore
  awareness: Awareness
  user: PresenceUser
  publish: boolean
}): () => void {
  const disposers: Array<() => void> = []
  const self = awareness.clientID

  if (publish) {
    const $user = atom('designroom user', UserRecordType.create({ id: createUserId(String(self)), name: user.name, color: user.color }))
    const presence$ = createPresenceStateDerivation($user, { instanceId: presenceId(self) })(store)
    // Pointer moves change presence every frame; send at most one awareness update per frame.
    let frame: number | null = null
    const flush = () => {
      frame = null
      awareness.setLocalStateField(PRESENCE_FIELD, presence$.get() ?? null)
    }
    disposers.push(
      react('designroom presence', () => {
        presence$.get()
        if (frame === null) frame = requestAnimationFrame(flush)
      }),
      () => {
        if (frame !== null) cancelAnimationFrame(frame)
      },
    )
  } else {
    awareness.setLocalState(null)
  }

  const applyChanges = ({ added, updated, removed }: AwarenessChange) => {
    const puts: TLInstancePresence[] = []
    const removes: TLInstancePresence['id'][] = []
    const states = awareness.getStates()
    for (const clientId of [...added, ...updated]) {
      if (clientId === self) continue
      const record = remotePresence(clientId, asObject(states.get(clientId)))
      if (record) puts.push(record)
      else removes.push(presenceId(clientId))
    }
    for (const clientId of removed) if (clientId !== self) removes.push(presenceId(clientId))
    store.mergeRemoteChanges(() => {
      const present = removes.filter((id) => store.has(id))
      if (present.length) store.remove(present)
      if (puts.length) store.put(puts)
    })
  }
  applyChanges({ added: [...awareness.getStates().keys()], updated: [], removed: [] })
  awareness.on('change', applyChanges)
  disposers.push(() => awareness.off('change', applyChanges))

  disposers.push(() => {
    // Leave no ghosts behind when the board unmounts or the tab loses access.
    const ids = store.query.records('instance_presence').get().map((r) => r.id)
    if (ids.length) store.mergeRemoteChanges(() => store.remove(ids))
  })
  return () => {
    for (const dispose of disposers.splice(0).reverse()) dispose()
  }
}
