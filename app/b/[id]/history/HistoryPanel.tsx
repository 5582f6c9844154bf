'use client'
// The history panel beside the canvas: name the current state (editors), then the timeline.
import type { VersionSummary } from '@/lib/history/contract'
import panelStyles from '../sim/SimulatorPanel.module.css'
import type { HistoryTarget } from './api'
import { NameVersionForm } from './NameVersionForm'
import styles from './History.module.css'
import { Timeline } from './Timeline'
import { useVersions } from './use-versions'

export type HistoryPanelProps = {
  target: HistoryTarget
  canEdit: boolean
  selectedId: number | null
  /** Bumped by the board after a restore, so the new entry shows at once. */
  epoch: number
  onSelect(version: VersionSummary): void
  onClose(): void
}

export function HistoryPanel({ target, canEdit, selectedId, epoch, onSelect, onClose }: HistoryPanelProps) {
  const { versions, retention, error, now, refresh } = useVersions(target, epoch)
  return (
    <aside className={panelStyles.panel} data-testid="history-panel" aria-label="Board history">
      <div className={panelStyles.header}>
        <h3 className={panelStyles.title}>History</h3>
        <button type="button" className={panelStyles.close} aria-label="Close history" onClick={onClose}>
          ×
        </button>
      </div>
      <div className={panelStyles.body}>
        {canEdit ? (
          <NameVersionForm target={target} onNamed={refresh} />
        ) : (
          <p className={panelStyles.hint} data-testid="history-viewer-hint">
            You can browse and preview versions. Only editors can name or restore them.
          </p>
        )}
        <p className={panelStyles.hint}>Select a version to preview it. Nobody else sees your preview.</p>
        {error && (
          <p className={styles.error} role="alert">
            {error}
          </p>
        )}
        {versions === null && !error && <p className={panelStyles.hint}>Loading…</p>}
        {versions?.length === 0 && <p className={panelStyles.hint}>No versions yet: they appear as people edit.</p>}
        {versions && versions.length > 0 && <Timeline versions={versions} now={now} selectedId={selectedId} onSelect={onSelect} />}
        {retention && <p className={panelStyles.hint}>{retention}</p>}
      </div>
    </aside>
  )
}
