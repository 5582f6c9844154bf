'use client'
// Following on the canvas: tabs follow whoever asks everyone to follow them ("bring everyone to
// me", lib/board/follow.ts) and say whom they follow. tldraw does the following itself (camera,
// the coloured frame and its own "Stop following" button); this only decides when.
import { useEffect, useRef } from 'react'
import { useValue, type Editor } from 'tldraw'
import { followAction } from '@/lib/board/follow'
import type { Peer } from '@/lib/board/presence'
import styles from './board.module.css'

export function useFollowLeads(editor: Editor | null, peers: readonly Peer[]): void {
  const seen = useRef(new Map<number, number | null>())
  useEffect(() => {
    if (!editor) return
    const action = followAction(peers, seen.current, editor.getInstanceState().followingUserId)
    if (action?.kind === 'follow') editor.startFollowingUser(action.peer.userId)
    else if (action?.kind === 'stop') editor.stopFollowingUser()
  }, [editor, peers])
}

export function FollowBanner({ editor, peers }: { editor: Editor; peers: readonly Peer[] }) {
  const following = useValue('following user', () => editor.getInstanceState().followingUserId, [editor])
  const leader = following ? peers.find((p) => p.userId === following) : undefined
  if (!following) return null
  return (
    <div className={styles.followBanner} data-testid="follow-banner" style={{ borderColor: leader?.color }}>
      Following <strong data-testid="follow-leader">{leader?.name ?? 'someone'}</strong>
    </div>
  )
}
