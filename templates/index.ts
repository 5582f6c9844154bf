// Every built-in template, in the order the gallery shows them: the study sheet's topics, then
// the classic problems. Each lives in templates/<slug>/template.ts; tests/unit/templates checks
// that every folder is listed here and that each one compiles to a valid board.
import type { TemplateSpec } from '@/lib/templates/spec'
import apiGateway from './api-gateway/template'
import basics from './basics/template'
import caching from './caching/template'
import capConsensus from './cap-consensus/template'
import chat from './chat/template'
import chatApp from './chat-app/template'
import cqrsFeed from './cqrs-feed/template'
import eventBus from './event-bus/template'
import failureHandling from './failure-handling/template'
import loadBalancing from './load-balancing/template'
import newsFeed from './news-feed/template'
import notificationService from './notification-service/template'
import notifications from './notifications/template'
import rateLimiter from './rate-limiter/template'
import sharding from './sharding/template'
import urlShortener from './url-shortener/template'

export const TEMPLATES: readonly TemplateSpec[] = [
  basics,
  loadBalancing,
  caching,
  sharding,
  capConsensus,
  apiGateway,
  eventBus,
  cqrsFeed,
  failureHandling,
  notifications,
  chat,
  urlShortener,
  newsFeed,
  chatApp,
  rateLimiter,
  notificationService,
]
