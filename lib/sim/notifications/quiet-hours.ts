// Quiet hours in each user's local time. Model time is in minutes from midnight UTC of day 0.

const DAY = 1440

/** Local minute of the day for a user `offset` hours from UTC. */
function localMinute(now: number, offset: number): number {
  return (((now + offset * 60) % DAY) + DAY) % DAY
}

export class QuietHours {
  constructor(
    private readonly enabled: boolean,
    private readonly start: number,
    private readonly end: number,
  ) {}

  isQuiet(now: number, offset: number): boolean {
    if (!this.enabled || this.start === this.end) return false
    const h = localMinute(now, offset) / 60
    return this.start < this.end ? h >= this.start && h < this.end : h >= this.start || h < this.end
  }

  /** The next time quiet hours end for this user (call only while quiet). */
  nextEnd(now: number, offset: number): number {
    const m = localMinute(now, offset)
    let wait = this.end * 60 - m
    if (wait <= 0) wait += DAY
    return now + wait
  }
}
