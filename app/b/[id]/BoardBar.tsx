'use client'
// The slim bar above the canvas. Every indicator carries a data-testid and a data-state so
// end-to-end tests can wait on it (docs in lib/board/use-yjs-store.ts' BoardSession).
import Link from 'next/link'
import { useValue, type Editor } from 'tldraw'
import type { MemberRole } from '@/lib/auth/roles'
import type { SavedState } from '@/lib/board/saved-state'
import type { BoardSession } from '@/lib/board/use-yjs-store'
import styles from './board.module.css'
import { ExportMenu } from './ExportMenu'

const SAVED_TEXT = {
  saved: 'Saved',
  saving: 'Saving…',
  // Connected, but the node cannot write: closing the tab now would lose the unsaved edits.
  failing: 'Not saved: the server cannot reach its database. Keep this tab open; your changes will save when it is back.',
  offline: 'Offline — changes will sync',
} as const satisfies Record<SavedState, string>

// The long 'failing' text is truncated by the bar's width; the title and role="status" keep it readable.
const SAVED_SHORT: Partial<Record<SavedState, string>> = { failing: 'Not saved — keep this tab open' }

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
  editor,
}: {
  title: string
  memberRole: MemberRole
  session: BoardSession
  licenseWarning: boolean
  /** Set once the canvas is up: people become buttons that follow them. */
  editor: Editor | null
}) {
  const { status, role, connection, saved, peers, lead } = session
  const roleInfo = roleLabel(memberRole, role)
  const editable = role === 'editor'
  const self = peers.find((p) => p.isSelf)
  const leading = self?.lead != null
  const others = peers.length - (self ? 1 : 0)
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
      {editable && editor && (others > 0 || leading) && (
        <button
          type="button"
          className={`button ${styles.lead}`}
          aria-pressed={leading}
          onClick={() => {
            // A leader who follows someone would drag everyone after that person.
            if (!leading) editor.stopFollowingUser()
            lead(!leading)
          }}
          data-testid="lead-toggle"
          title={leading ? 'Let everyone move freely again' : 'Everyone on the board follows your view until they move away'}
        >
          {leading ? 'Stop leading' : 'Bring everyone to me'}
        </button>
      )}
      <ExportMenu editor={editor} title={title} />
      <ul className={styles.peers} data-testid="board-peers" data-count={peers.length} aria-label="Who's here">
        {peers.map((peer) => (
          <li key={peer.clientId} className={styles.peer} style={{ background: peer.color }} data-self={peer.isSelf ? 'true' : undefined}>
            {editor && !peer.isSelf ? (
              <FollowButton editor={editor} peer={peer} />
            ) : (
              <span title={peer.isSelf ? `${peer.name} (you)` : peer.name}>{initials(peer.name)}</span>
            )}
          </li>
        ))}
      </ul>
      <span
        className={styles.saved}
        data-testid="board-saved"
        data-state={saved}
        hidden={!editable}
        title={SAVED_TEXT[saved]}
        // Only the failing state interrupts a screen reader: it asks the user to act (keep the tab).
        role={saved === 'failing' ? 'alert' : undefined}
        aria-label={SAVED_TEXT[saved]}
      >
        {SAVED_SHORT[saved] ?? SAVED_TEXT[saved]}
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

/** A person's initials; clicking follows their viewport (tldraw's follow), clicking again stops. */
function FollowButton({ editor, peer }: { editor: Editor; peer: BoardSession['peers'][number] }) {
  const following = useValue('following', () => editor.getInstanceState().followingUserId === peer.userId, [editor, peer.userId])
  return (
    <button
      type="button"
      className={`${styles.peer} ${styles.peerButton}`}
      style={{ background: peer.color, margin: 0, border: 0 }}
      title={following ? `Stop following ${peer.name}` : `Follow ${peer.name}`}
      aria-pressed={following}
      data-following={following ? 'true' : undefined}
      data-testid={`follow-peer-${peer.clientId}`}
      data-name={peer.name}
      onClick={() => (following ? editor.stopFollowingUser() : editor.startFollowingUser(peer.userId))}
    >
      {initials(peer.name)}
    </button>
  )
}
