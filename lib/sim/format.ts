// How the panel, its charts and a dropped snapshot print simulator numbers: integers grouped,
// large values without decimals, small ones to three significant digits, '–' for "none yet".
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–'
  const a = Math.abs(v)
  if (a === 0) return '0'
  if (Number.isInteger(v) && a < 1e7) return v.toLocaleString('en-US')
  if (a >= 1000) return v.toLocaleString('en-US', { maximumFractionDigits: 0 })
  if (a >= 1) return v.toLocaleString('en-US', { maximumFractionDigits: 2 })
  return v.toLocaleString('en-US', { maximumSignificantDigits: 3 })
}
