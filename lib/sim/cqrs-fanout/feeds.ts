// The read side's data: bounded, newest-first lists of posts. A timeline is one reader's
// materialised feed (filled by fan-out on write); an author list holds an author's recent posts
// (read by fan-out on read). Only the newest page matters for a feed read, so both are capped.

export type Post = { id: number; author: number; time: number; visibleAt: number }

export class BoundedFeed {
  readonly items: Post[] = []
  constructor(private readonly size: number) {}

  /** Insert by post time (replication can reorder posts when lags differ). */
  insert(post: Post): void {
    let i = this.items.length
    while (i > 0 && this.items[i - 1]!.time < post.time) i--
    if (i >= this.size) return
    this.items.splice(i, 0, post)
    if (this.items.length > this.size) this.items.pop()
  }
}

export class FeedStore {
  private readonly feeds = new Map<number, BoundedFeed>()
  entries = 0
  constructor(private readonly size: number) {}

  get(id: number): readonly Post[] {
    return this.feeds.get(id)?.items ?? []
  }

  insert(id: number, post: Post): void {
    let feed = this.feeds.get(id)
    if (!feed) this.feeds.set(id, (feed = new BoundedFeed(this.size)))
    const before = feed.items.length
    feed.insert(post)
    this.entries += feed.items.length - before
  }
}

/** The newest `k` posts of several newest-first lists. */
export function newest(lists: readonly (readonly Post[])[], k: number): Post[] {
  const all: Post[] = []
  for (const list of lists) for (let i = 0; i < list.length && i < k; i++) all.push(list[i]!)
  all.sort((a, b) => b.time - a.time || b.id - a.id)
  return all.slice(0, k)
}
