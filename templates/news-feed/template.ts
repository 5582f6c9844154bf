import type { TemplateSpec } from '@/lib/templates/spec'

const template: TemplateSpec = {
  slug: 'news-feed',
  title: 'News feed',
  topic: 'cqrs',
  kind: 'problem',
  summary: 'Design a Facebook-style news feed: posts with media, a hybrid push/pull fan-out into per-user feed caches, hydration and ranking at read time.',
  simulator: 'cqrs-fanout',
  prompt: {
    statement:
      'Design the news feed of a Facebook-like social network: users publish posts with text, photos and video, and each user scrolls a ranked feed of posts from friends and followed pages. Feed opens dominate the traffic, some pages have tens of millions of followers, and a new post may take a few seconds to appear in others’ feeds.',
    functional: [
      'Publish a post with text and up to 10 photos or one video.',
      'Open the feed: ranked posts from friends and followed pages, paginated with a cursor, 20 at a time.',
      'Show edits and deletions in the feed; never show posts the viewer is not allowed to see.',
      'Authors see their own new post at the top of their feed immediately.',
    ],
    nonFunctional: [
      'Feed open p99 under 300 ms (excluding media download).',
      'New posts reach followers’ feeds within 10 s p99; eventual consistency is fine.',
      'Post writes must not be slowed by fan-out, even for pages with 50 M followers.',
    ],
    scale: [
      '500 M daily active users opening the feed 10 times/day = 5 B reads/day ≈ 58 k/s average, 150 k/s peak.',
      '100 M posts/day ≈ 1.2 k/s average, 4 k/s peak; with 300 friends on average, push fan-out ≈ 350 k feed inserts/s average.',
      '20% of posts carry media averaging 500 KB: 20 M × 500 KB ≈ 10 TB/day of new media, served from a CDN.',
      'Feed cache: 500 post ids × 8 B × 500 M users ≈ 2 TB of ids before overhead.',
    ],
  },
  tradeoffs: [
    'Push (fan-out on write) makes a feed open one cache read but multiplies each post by the follower count, while pull (fan-out on read) writes once but merges hundreds of sources on every open.',
    'A hybrid pushes posts from ordinary users and pulls from pages above a follower threshold, which bounds the worst fan-out at the cost of a merge on the read path.',
    'Ranking at read time uses the freshest signals and the viewer’s context but costs latency on every open, whereas pre-ranking during fan-out is cheap to serve but goes stale.',
    'Storing post ids in feeds keeps fan-out cheap and makes edits and deletes apply everywhere, but every open must hydrate bodies from a post cache.',
    'Cursor pagination (a score and post id) stays stable while new posts arrive, whereas offset pagination is simpler but skips or repeats posts.',
    'Uploading media straight to object storage with presigned URLs keeps large bytes off the app servers, but the post must wait for the upload and transcoding to finish.',
  ],
  followUps: [
    'A page with 50 M followers posts: what happens, and how long until a follower sees it?',
    'A user unfriends someone: how do that person’s posts leave the feed?',
    'How do you rank, and which signals can you compute ahead of time?',
    'A user comes back after six months: their feed is not in the cache. What do they see, and how fast?',
    'How do you enforce privacy settings that change after a post was fanned out?',
    'The fan-out queue is 30 minutes behind during a big event: how do you detect it and catch up?',
  ],
  hints: [
    'Compare feed opens per second with posts per second.',
    'Multiply posts per second by average followers, then look at the largest accounts.',
    'Decide what the feed cache stores: whole posts or just their ids.',
    'Large media should never pass through your app servers.',
  ],
  rubric: [
    {
      dimension: 'Estimates and data model',
      strong: 'Quantifies the read/write ratio, fan-out inserts/s, feed cache size and media volume, and stores ids in feeds with posts in a sharded store.',
      weak: 'Skips numbers and stores full posts, with media, in every follower’s feed.',
    },
    {
      dimension: 'Fan-out',
      strong: 'Chooses a hybrid with a justified celebrity threshold, fans out asynchronously from an event stream, and explains the lag.',
      weak: 'Joins follows and posts on every feed open, or pushes a 50 M-follower post synchronously.',
    },
    {
      dimension: 'Read path',
      strong: 'Reads ids from the feed cache, merges pulled celebrity posts, hydrates from a post cache, filters by privacy, ranks and paginates with a cursor.',
      weak: 'Has no hydration or pagination plan, or leaves ranking undefined.',
    },
    {
      dimension: 'Media and operations',
      strong: 'Uploads media via presigned URLs to object storage served by a CDN, and handles cold users, queue backlog and cache rebuilds.',
      weak: 'Streams media through the app servers and database.',
    },
  ],
  diagram: {
    components: [
      { id: 'client', kind: 'client', label: 'Mobile and web apps', x: 0, y: 340 },
      { id: 'cdn', kind: 'cdn', label: 'CDN (photos, video)', x: 240, y: 40 },
      { id: 'media', kind: 'object-storage', label: 'Media store (S3)', x: 480, y: 40 },
      { id: 'gateway', kind: 'api-gateway', label: 'API gateway (auth, rate limit)', x: 240, y: 340, capacity: 200000 },
      { id: 'post-svc', kind: 'server', label: 'Post service', x: 480, y: 240, capacity: 2000 },
      { id: 'posts', kind: 'db-shard', label: 'Posts (sharded by author)', x: 720, y: 240, capacity: 20000 },
      { id: 'events', kind: 'queue', label: 'PostCreated stream', x: 960, y: 240, capacity: 100000 },
      { id: 'fanout', kind: 'worker', label: 'Fan-out workers', x: 1200, y: 240, capacity: 50000 },
      { id: 'graph', kind: 'database', label: 'Social graph', x: 1440, y: 240, capacity: 200000 },
      { id: 'feed-svc', kind: 'server', label: 'Feed service (merge, rank)', x: 480, y: 500, capacity: 5000 },
      { id: 'feed-cache', kind: 'cache', label: 'Feed cache (500 ids per user)', x: 720, y: 680, capacity: 200000 },
      { id: 'post-cache', kind: 'cache', label: 'Post cache (bodies)', x: 720, y: 500, capacity: 200000 },
    ],
    arrows: [
      { from: 'client', to: 'cdn', label: 'GET media' },
      { from: 'cdn', to: 'media', label: 'origin pull' },
      { from: 'client', to: 'gateway', label: 'HTTPS API' },
      { from: 'gateway', to: 'post-svc', label: 'POST /posts' },
      { from: 'gateway', to: 'feed-svc', label: 'GET /feed?cursor=' },
      { from: 'post-svc', to: 'media', label: 'presign upload' },
      { from: 'post-svc', to: 'posts', label: 'insert post' },
      { from: 'posts', to: 'events', label: 'outbox / CDC', dashed: true },
      { from: 'events', to: 'fanout', label: 'consume', dashed: true },
      { from: 'fanout', to: 'graph', label: 'followers(author)' },
      { from: 'fanout', to: 'feed-cache', label: 'push ids (< 50 k followers)', dashed: true },
      { from: 'feed-svc', to: 'feed-cache', label: 'read ids' },
      { from: 'feed-svc', to: 'posts', label: 'pull page posts' },
      { from: 'feed-svc', to: 'post-cache', label: 'hydrate bodies' },
      { from: 'post-cache', to: 'posts', label: 'miss' },
    ],
    notes: [
      {
        text: 'Hybrid: authors under 50 k followers are pushed into followers’ feed caches; bigger pages are pulled and merged at read time. Largest push ≤ 50 k inserts; a read merges ~10 sources.',
        x: 0,
        y: 860,
        color: 'light-green',
      },
      {
        text: 'CQRS: posts are the write model (by author); feed caches are the read model (by viewer), built from the event stream and seconds behind. Feeds are kept only for active users.',
        x: 280,
        y: 860,
        color: 'light-blue',
      },
      {
        text: 'Read: feed ids + pulled page posts → hydrate from the post cache → drop deleted or hidden posts → rank → return 20 with a cursor. Feeds hold ids, not bodies, so edits show everywhere.',
        x: 560,
        y: 860,
        color: 'yellow',
      },
      {
        text: 'Media never touches the app servers: the client uploads with a presigned URL, a transcoder writes renditions, and the CDN serves them. The post references media keys only.',
        x: 840,
        y: 860,
        color: 'light-violet',
      },
    ],
    zones: [
      { label: 'Write side (commands)', x: 456, y: 200, w: 1168, h: 160 },
      { label: 'Read side (queries)', x: 456, y: 460, w: 448, h: 340 },
    ],
  },
}

export default template
