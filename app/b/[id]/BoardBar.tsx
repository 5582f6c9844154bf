'use client'
// The slim bar above the canvas. Every indicator carries a data-testid and a data-state so
// end-to-end tests can wait on it (docs in lib/board/use-yjs-store.ts' BoardSession).
import Link from 'next/link'
import type { MemberRole } from '@/lib/auth/roles'
import type { BoardSession } from '@/lib/board/use-yjs-store'
import styles from './board.module.css'

const SAVED_TEXT = { saved: 'Saved', saving: 'Saving…', offline: 'Offline — changes will sync' } as const

function roleLabel(memberRole: MemberRole, roomRole: BoardSession['role']): { text: string; state: string } {
  if (roomRole === 'viewer' || (roomRole === null && memberRole === 'viewer')) return { text: 'View only', state: 'viewer' }
  return memberRole === 'owner' ? { text: 'Owner', state: 'owner' } : { text: 'Can edit', state: 'editor' }
}

function initials(name: string): string {
  // Interview boards name people "Casey Doe (candidate)": the role is not part of the initials.
  const parts = name.replace(/\s*\([^)]*\)\s*$/, '').trim().split(/\s+/).filter(Boolean)
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase()
}

export function BoardBar({
  title,
  memberRole,
  session,
  licenseWarning,
}: {
  title: string
  memberRole: MemberRole
  session: BoardSession
  licenseWarning: boolean
}) {
  const { status, role, connection, saved, peers } = session
  const roleInfo = roleLabel(memberRole, role)
  const editable = role === 'editor'
  return (
    <header className={styles.bar}>
      <Link href="/dashboard" className={styles.back} data-testid="board-back" title="Back to your boards">
        ← Boards
      </Link>
      <h1 className={styles.title} title={title} data-testid="board-title">
        {title}
      </h1>
      <span className={styles.badge} data-testid="board-role" data-role={roleInfo.state}>
        {roleInfo.text}
      </span>
      {licenseWarning && (
        <span className={styles.warning} data-testid="board-license-warning" title="Set NEXT_PUBLIC_TLDRAW_LICENSE_KEY at build time">
          No tldraw licence: the canvas will switch off
        </span>
      )}
      <span className={styles.spacer} />
      <ul className={styles.peers} data-testid="board-peers" data-count={peers.length} aria-label="Who's here">
        {peers.map((peer) => (
          <li
            key={peer.clientId}
            className={styles.peer}
            style={{ background: peer.color }}
            title={peer.isSelf ? `${peer.name} (you)` : peer.name}
            data-self={peer.isSelf ? 'true' : undefined}
          >
            {initials(peer.name)}
          </li>
        ))}
      </ul>
      <span className={styles.saved} data-testid="board-saved" data-state={saved} hidden={!editable}>
        {SAVED_TEXT[saved]}
      </span>
      <span className={styles.connection} data-testid="board-connection" data-state={connection}>
        {connection === 'online' ? 'Online' : 'Offline'}
      </span>
      {/* A small dot whose text is the state, so tests can wait for it to be visible and ready. */}
      <span
        className={styles.statusDot}
        data-testid="board-status"
        data-state={status.kind}
        title={status.kind === 'error' ? status.message : status.kind === 'loading' ? status.detail : 'Board ready'}
      >
        {status.kind}
      </span>
    </header>
  )
}
