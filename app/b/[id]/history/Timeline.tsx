'use client'
// The board's versions, newest first, grouped by day. Selecting one previews it on the canvas.
import type { VersionSummary } from '@/lib/history/contract'
import { absoluteTime, groupByDay, relativeTime } from './format'
import styles from './History.module.css'

const KIND_LABEL: Record<VersionSummary['kind'], string> = { auto: 'auto', named: 'named', restore: 'restore' }

function VersionItem({ version, now, selected, onSelect }: { version: VersionSummary; now: number; selected: boolean; onSelect(): void }) {
  const who = version.authors.length ? version.authors.join(', ') : 'No new edits'
  return (
    <li>
      <button
        type="button"
        className={styles.item}
        aria-pressed={selected}
        onClick={onSelect}
        data-testid={`version-${version.id}`}
        data-version-id={version.id}
        data-kind={version.kind}
      >
        <span className={styles.itemHead}>
          <time className={styles.time} dateTime={new Date(version.at).toISOString()} title={absoluteTime(version.at)}>
            {relativeTime(version.at, now)}
          </time>
          <span className={styles.kind} data-kind={version.kind}>
            {KIND_LABEL[version.kind]}
          </span>
        </span>
        {version.name && <span className={styles.name}>{version.name}</span>}
        <span className={styles.authors} title={who}>
          {who}
        </span>
      </button>
    </li>
  )
}

export function Timeline({
  versions,
  now,
  selectedId,
  onSelect,
}: {
  versions: VersionSummary[]
  now: number
  selectedId: number | null
  onSelect(version: VersionSummary): void
}) {
  return (
    <div data-testid="version-list" data-count={versions.length}>
      {groupByDay(versions, now).map((group) => (
        <section key={group.key} aria-label={group.label}>
          <h4 className={styles.day}>{group.label}</h4>
          <ul className={styles.list}>
            {group.versions.map((version) => (
              <VersionItem key={version.id} version={version} now={now} selected={version.id === selectedId} onSelect={() => onSelect(version)} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  )
}
