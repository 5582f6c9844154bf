'use client'
// "Restore this version" in the preview banner: ask first (it changes the board for everyone),
// then POST. The server applies the restore as a new change, so the live board follows by itself.
import { useState } from 'react'
import type { RestoreResult, VersionSummary } from '@/lib/history/contract'
import { restoreVersion, type HistoryTarget } from './api'
import styles from './History.module.css'

type Step = 'idle' | 'confirm' | 'busy'

export function RestoreControls({ target, version, onRestored }: { target: HistoryTarget; version: VersionSummary; onRestored(result: RestoreResult): void }) {
  const [step, setStep] = useState<Step>('idle')
  const [error, setError] = useState<string | null>(null)

  async function restore() {
    setStep('busy')
    setError(null)
    try {
      onRestored(await restoreVersion(target, version.id))
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'could not restore this version')
      setStep('idle')
    }
  }

  if (step === 'idle')
    return (
      <>
        {error && (
          <span className={styles.error} role="alert" data-testid="version-restore-error">
            {error}
          </span>
        )}
        <button type="button" className="button primary" onClick={() => setStep('confirm')} data-testid="version-restore">
          Restore this version
        </button>
      </>
    )
  return (
    <span role="group" aria-label="Confirm restore">
      <span>Restore for everyone on the board? </span>
      <button type="button" className="button primary" disabled={step === 'busy'} onClick={restore} data-testid="version-restore-confirm">
        {step === 'busy' ? 'Restoring…' : 'Restore'}
      </button>{' '}
      <button type="button" className="button" disabled={step === 'busy'} onClick={() => setStep('idle')} data-testid="version-restore-cancel">
        Cancel
      </button>
    </span>
  )
}
