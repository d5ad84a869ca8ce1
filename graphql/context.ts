// What every resolver gets: the engine's services (services/create-services.ts) and the request's identity.
import type { Principal } from '../domain/principal';
import type { ApiServices } from '../services/create-services';
import type { LiveEvents } from '../services/live/live-events';

export interface GraphQLContext extends ApiServices {
  requestId: string;
  /** Live events for subscriptions (`services/live/live-events.ts`). */
  live: LiveEvents;
  /** The caller's address (from `X-Forwarded-For` behind TRUST_PROXY proxies, else the socket's): what lookups are throttled by. */
  clientIp: string;
  /** The caller authenticated by API key; null for anonymous callers. */
  principal: Principal | null;
}
