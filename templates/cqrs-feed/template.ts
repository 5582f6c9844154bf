import type { TemplateSpec } from '@/lib/templates/spec'

const template: TemplateSpec = {
  slug: 'cqrs-feed',
  title: 'CQRS and feed fan-out',
  topic: 'cqrs',
  kind: 'topic',
  summary: 'Build a social home timeline as CQRS: a write store for posts, precomputed per-user timelines, and a hybrid fan-out for celebrities.',
  simulator: 'cqrs-fanout',
  prompt: {
    statement:
      'Design the home timeline for a Twitter-like social network: users publish short posts and open a feed of recent posts from the accounts they follow. Feed reads vastly outnumber posts, follower counts are extremely skewed (a few accounts have 100 M followers), and a new post may take a few seconds to reach followers’ feeds.',
    functional: [
      'A user publishes a post (text plus media links).',
      'A user opens their home timeline: the newest posts from accounts they follow, paginated, 50 at a time.',
      'Authors always see their own new post in their timeline immediately.',
    ],
    nonFunctional: [
      'Timeline read p99 under 200 ms.',
      'A post appears in followers’ timelines within 5 s p99 (eventual consistency is acceptable).',
      'No single post (even from a 100 M-follower account) may stall delivery for everyone else.',
    ],
    scale: [
      '200 M daily active users; 400 M posts/day ≈ 4.6 k posts/s average, ~12 k/s peak.',
      'Each user opens the feed ~20 times/day ≈ 46 k timeline reads/s average, ~150 k/s peak.',
      'Median 200 followers: fan-out on write ≈ 4.6 k × 200 ≈ 1 M timeline inserts/s; the largest accounts have 100 M followers.',
      'Timeline cache: 800 post ids × 8 B per user ≈ 6.4 KB, ≈ 1.3 TB of ids for 200 M users before overhead.',
    ],
  },
  tradeoffs: [
    'Fan-out on write (push) makes reads a single list lookup but multiplies every post by the follower count, while fan-out on read (pull) writes once but makes every feed open merge hundreds of sources.',
    'The hybrid pushes posts from ordinary authors and pulls celebrities’ posts at read time, which bounds the largest fan-out at the cost of a more complex read path.',
    'A separate read store shaped for queries (per-user timelines) makes reads fast and independently scalable, but it lags the write store and must be rebuildable.',
    'Precomputing timelines for every user wastes work on inactive users, while computing them only for recently active users saves storage but makes the first feed open after a long absence slow.',
    'Storing only post ids in timelines keeps fan-out cheap and edits consistent, but each read must hydrate posts from a post cache.',
    'Strict read-your-writes for the author needs a merge from the write side or a session cache, whereas accepting lag for everyone is simpler but confuses the author.',
  ],
  followUps: [
    'An account with 100 M followers posts: walk me through what happens in each strategy, and how long it takes.',
    'How do you pick the celebrity threshold, and what happens to an author who crosses it?',
    'A user unfollows someone or a post is deleted: how do the timelines get cleaned up?',
    'The fan-out queue backs up during a big live event: what do users see, and how do you recover?',
    'The timeline cache cluster is lost: how do you rebuild it, and what do users see in the meantime?',
  ],
  hints: [
    'Compare how often posts are written with how often feeds are read.',
    'Compute the inserts per second if every post is copied into every follower’s timeline.',
    'Look at the largest follower counts, not the average.',
    'Which side of the system has to be fast, and which can be a few seconds behind?',
  ],
  rubric: [
    {
      dimension: 'Read/write separation',
      strong: 'Separates the post store (commands, sharded by author) from per-user timelines (queries), connects them with an event stream, and names the lag between them.',
      weak: 'Runs a join over follows and posts on every feed open against one database.',
    },
    {
      dimension: 'Fan-out strategy',
      strong: 'Quantifies write amplification for push and read cost for pull, and chooses a hybrid with a follower threshold justified by the skew.',
      weak: 'Picks push or pull without numbers and does not notice what a 100 M-follower post does.',
    },
    {
      dimension: 'Consistency and lag',
      strong: 'Treats the read side as eventually consistent with lag set by queue depth and worker throughput, and gives authors read-your-writes.',
      weak: 'Assumes timelines update instantly, or has no answer when the queue backs up.',
    },
    {
      dimension: 'Storage and hot spots',
      strong: 'Sizes the timeline cache, stores ids not bodies, caps list length, limits precomputation to active users, and spreads hot celebrity reads over replicas.',
      weak: 'Stores full posts in every timeline and ignores memory cost and hot keys.',
    },
  ],
  diagram: {
    components: [
      { id: 'client', kind: 'client', label: 'Mobile and web clients', x: 0, y: 280 },
      { id: 'post-api', kind: 'server', label: 'Post service (commands)', x: 280, y: 80, capacity: 2000 },
      { id: 'posts', kind: 'db-shard', label: 'Posts store (sharded by author)', x: 560, y: 80, capacity: 20000 },
      { id: 'events', kind: 'queue', label: 'PostCreated events', x: 840, y: 80, capacity: 100000 },
      { id: 'fanout', kind: 'worker', label: 'Fan-out workers', x: 1120, y: 80, capacity: 50000 },
      { id: 'graph', kind: 'database', label: 'Follower graph', x: 1400, y: 80, capacity: 100000 },
      { id: 'timeline-api', kind: 'server', label: 'Timeline service (queries)', x: 280, y: 480, capacity: 5000 },
      { id: 'timelines', kind: 'cache', label: 'Timeline cache (Redis, 800 ids per user)', x: 560, y: 480, capacity: 100000 },
    ],
    arrows: [
      { from: 'client', to: 'post-api', label: 'POST /posts' },
      { from: 'client', to: 'timeline-api', label: 'GET /timeline' },
      { from: 'post-api', to: 'posts', label: 'insert post' },
      { from: 'posts', to: 'events', label: 'CDC: post created', dashed: true },
      { from: 'events', to: 'fanout', label: 'consume', dashed: true },
      { from: 'fanout', to: 'graph', label: 'followers(author)' },
      { from: 'fanout', to: 'timelines', label: 'push id (authors < 100 k followers)', dashed: true },
      { from: 'timeline-api', to: 'timelines', label: 'read ids' },
      { from: 'timeline-api', to: 'posts', label: 'pull celebrity posts' },
    ],
    notes: [
      {
        text: 'CQRS: posts (write model) are normalised and sharded by author; timelines (read model) are denormalised per reader. The read model trails the write model by queue lag + fan-out time.',
        x: 0,
        y: 680,
        color: 'light-blue',
      },
      {
        text: 'Fan-out on write: one post costs one insert per follower, but a read is one list fetch. 4.6 k posts/s × 200 followers ≈ 1 M inserts/s, mostly for users who never look.',
        x: 280,
        y: 680,
        color: 'yellow',
      },
      {
        text: 'Hybrid: authors above T = 100 k followers are not pushed; the timeline service merges their recent posts at read time. Largest fan-out ≤ T; a read merges ~10 celebrity lists.',
        x: 560,
        y: 680,
        color: 'light-green',
      },
      {
        text: 'Read-your-writes: the timeline service merges the author’s own last posts from the write side, so the author never sees a feed without their new post despite the lag.',
        x: 840,
        y: 680,
        color: 'light-violet',
      },
    ],
    zones: [
      { label: 'Write side (commands)', x: 256, y: 40, w: 488, h: 160 },
      { label: 'Read side (queries)', x: 256, y: 440, w: 488, h: 160 },
    ],
  },
}

export default template
