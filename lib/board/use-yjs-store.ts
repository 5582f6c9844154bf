'use client'
// The board page's hook: a tldraw store kept in sync with the board's Yjs document through the
// sync tier, plus what the chrome around the canvas shows (status, connection, saved, people).
//
// Lifecycle (research/feasibility.md section 3): the Y.Doc, awareness and provider are created
// inside the effect, never in useMemo, because StrictMode's mount-unmount-mount would otherwise
// destroy them under a live component. The store itself is stable for the component's life.
import { useCallback, useEffect, useRef, useState } from 'react'
import { atom, createTLStore, defaultBindingUtils, type TLStore } from 'tldraw'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { canWrite, type Role } from '@/lib/auth/roles'
import { boardShapeUtils } from '@/lib/shapes/shape-utils'
import { bindStoreToDoc, type StoreBinding } from './bind-store'
import { LEAD_FIELD } from './layout'
import { bindPresence, listPeers, type Peer } from './presence'
import { RoomConnection, type ConnectionState } from './room-connection'
import { SAVED_PARAMS, listenForSavedAcks } from './saved-ack'
import { SavedTracker, type SavedState } from './saved-state'
import { displayIdentityFromToken, type DisplayIdentity } from './token-claims'

export type BoardStatus = { kind: 'loading'; detail: string } | { kind: 'ready' } | { kind: 'error'; message: string }

export type BoardSession = {
  status: BoardStatus
  store: TLStore
  /** The room role from the latest lookup; null until the first lookup answers. */
  role: Role | null
  connection: 'online' | 'offline'
  saved: SavedState
  /** This tab first, then everyone else who publishes presence. */
  peers: Peer[]
  /** Ask everyone on the board to follow this tab's viewport, or stop asking (editors only). */
  lead(on: boolean): void
}

function loadingDetail(state: ConnectionState): string {
  switch (state.kind) {
    case 'looking-up':
      return 'Finding your board…'
    case 'connecting':
    case 'connected':
      return 'Connecting…'
    case 'waiting':
      return `Cannot reach the server; retrying in ${Math.ceil(state.retryInMs / 1000)} s…`
    default:
      return 'Loading…'
  }
}

function samePeers(a: Peer[], b: Peer[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.clientId === b[i]?.clientId && p.name === b[i]?.name && p.color === b[i]?.color && p.lead === b[i]?.lead)
  )
}

export function useYjsStore({ boardId, shareToken }: { boardId: string; shareToken?: string }): BoardSession {
  // Read-only until the lookup says otherwise, so nothing can be drawn before the role is known.
  const [signals] = useState(() => ({
    mode: atom<'readonly' | 'readwrite'>('designroom collaboration mode', 'readonly'),
    status: atom<'online' | 'offline'>('designroom connection status', 'offline'),
  }))
  const [store] = useState(() =>
    createTLStore({ shapeUtils: boardShapeUtils, bindingUtils: defaultBindingUtils, collaboration: signals }),
  )
  const [status, setStatus] = useState<BoardStatus>({ kind: 'loading', detail: 'Finding your board…' })
  const [role, setRole] = useState<Role | null>(null)
  const [connection, setConnection] = useState<'online' | 'offline'>('offline')
  const [saved, setSaved] = useState<SavedState>('saved')
  const [peers, setPeers] = useState<Peer[]>([])
  const leadRef = useRef<((on: boolean) => void) | null>(null)

  useEffect(() => {
    const doc = new Y.Doc({ gc: true })
    const awareness = new Awareness(doc)
    const tracker = new SavedTracker(doc, setSaved)
    const cleanups: Array<() => void> = []
    let firstRole: Role | null = null
    let identity: DisplayIdentity | null = null
    let binding: StoreBinding | null = null
    let disposed = false

    const refreshPeers = () => {
      const next = listPeers(awareness, firstRole && canWrite(firstRole) ? identity : null)
      setPeers((prev) => (samePeers(prev, next) ? prev : next))
    }
    awareness.on('change', refreshPeers)
    cleanups.push(() => awareness.off('change', refreshPeers))
    leadRef.current = (on) => {
      // Viewers publish no awareness at all; a lead request from them would be a new state.
      if (!firstRole || !canWrite(firstRole) || awareness.getLocalState() === null) return
      // A fresh number per request, so asking again re-summons someone who stopped following.
      awareness.setLocalStateField(LEAD_FIELD, on ? Date.now() : null)
      refreshPeers()
    }
    cleanups.push(() => {
      leadRef.current = null
    })

    const fail = (message: string) => {
      signals.mode.set('readonly')
      setStatus({ kind: 'error', message })
    }

    const bindOnFirstSync = (writable: boolean) => {
      const result = bindStoreToDoc({ store, doc, writable })
      if (!result.ok) {
        connection.stop('rejected', result.message)
        return
      }
      binding = result.binding
      cleanups.push(bindPresence({ store, awareness, user: identity ?? { name: 'You', color: '#3b5bdb' }, publish: writable }))
      refreshPeers()
      signals.mode.set(writable ? 'readwrite' : 'readonly')
      setStatus({ kind: 'ready' })
    }

    const connection = new RoomConnection({
      boardId,
      shareToken,
      doc,
      awareness,
      params: { ...SAVED_PARAMS },
      onLookup(lookup) {
        if (firstRole === null) {
          firstRole = lookup.role
          identity = displayIdentityFromToken(lookup.token)
          setRole(lookup.role)
          // Viewers publish nothing, not even an empty awareness state on connect (y-websocket
          // sends the local state on open unless it is null).
          if (!canWrite(lookup.role)) awareness.setLocalState(null)
          return
        }
        if (lookup.role !== firstRole) {
          // The binding was built for the first role (a viewer's never writes); switching in place
          // would risk writes from a viewer or a stale read-only view. Ask for a reload instead.
          setRole(lookup.role)
          return { stop: 'role-changed', message: 'Your access to this board changed. Reload the page to continue.' }
        }
      },
      onProvider(provider) {
        cleanups.push(
          listenForSavedAcks(
            provider,
            (sv) => tracker.acknowledge(sv),
            () => tracker.unsaved(),
          ),
        )
      },
      onState(state) {
        if (disposed) return
        const online = state.kind === 'synced'
        signals.status.set(online ? 'online' : 'offline')
        setConnection(online ? 'online' : 'offline')
        tracker.setOnline(online)
        if (state.kind === 'stopped') {
          fail(state.message)
          return
        }
        if (state.kind === 'synced' && binding === null && firstRole !== null) {
          bindOnFirstSync(canWrite(firstRole))
          return
        }
        if (binding === null) setStatus({ kind: 'loading', detail: loadingDetail(state) })
      },
    })
    connection.start()

    return () => {
      disposed = true
      connection.destroy()
      binding?.dispose()
      for (const cleanup of cleanups.splice(0).reverse()) cleanup()
      tracker.destroy()
      awareness.destroy()
      doc.destroy()
    }
  }, [boardId, shareToken, store, signals])

  const lead = useCallback((on: boolean) => leadRef.current?.(on), [])
  return { status, store, role, connection, saved, peers, lead }
}
