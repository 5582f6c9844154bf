'use client'
// Run links in the panel: the button that copies a link to the run on screen, and the banner shown
// while the panel plays a run opened from a link (a local view, not the board's shared run).
import { useEffect, useRef, useState } from 'react'
import styles from './SimulatorPanel.module.css'

/**
 * "Copy link to this run". `makeUrl` is called on click, so the link holds the clock as it stands
 * then. The URL stays in a read-only box too: copying can be blocked (no permission, plain http).
 */
export function CopyRunLink({ makeUrl }: { makeUrl(): string }) {
  const [url, setUrl] = useState<string | null>(null)
  const [copied, setCopied] = useState(false)
  const [blocked, setBlocked] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current)
  }, [])

  async function copy() {
    const next = makeUrl()
    setUrl(next)
    setCopied(false)
    try {
      await navigator.clipboard.writeText(next)
      setBlocked(false)
      setCopied(true)
      if (timer.current) clearTimeout(timer.current)
      timer.current = setTimeout(() => setCopied(false), 2000)
    } catch {
      setBlocked(true)
    }
  }

  return (
    <div className={styles.linkBox}>
      <button type="button" className="button" onClick={() => void copy()} data-testid="sim-copy-link" title="A link that replays this run, paused where it stands now">
        {copied ? 'Copied' : 'Copy link to this run'}
      </button>
      {url && <input type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} data-testid="sim-link-url" aria-label="Link to this run" />}
      {blocked && <p className={styles.hint}>Copying was blocked by the browser; select the link and copy it.</p>}
    </div>
  )
}

export function RunLinkBanner({ canApply, onApply, onDismiss }: { canApply: boolean; onApply(): void; onDismiss(): void }) {
  return (
    <div className={styles.linkBanner} role="status" data-testid="sim-link-banner">
      <span>Showing a run from a link</span>
      {canApply && (
        <>
          {' · '}
          <button type="button" className={styles.linkAction} onClick={onApply} data-testid="sim-link-apply" title="Make this the board's shared run, for everyone">
            Use it on this board
          </button>
        </>
      )}
      {' · '}
      <button type="button" className={styles.linkAction} onClick={onDismiss} data-testid="sim-link-dismiss">
        Back to the board&apos;s run
      </button>
    </div>
  )
}

export function BrokenRunLink({ onDismiss }: { onDismiss(): void }) {
  return (
    <p className={styles.linkBroken} role="alert" data-testid="sim-link-broken">
      This run link is damaged or from another version.{' '}
      <button type="button" className={styles.linkAction} onClick={onDismiss} data-testid="sim-link-dismiss">
        Back to the board&apos;s run
      </button>
    </p>
  )
}
