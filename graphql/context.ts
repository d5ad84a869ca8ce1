// What every resolver gets: the read model, the engine's services and the request's identity.
import type { Client } from '@temporalio/client';
import type { Principal } from '../auth/principal';
import type { CalendarSource } from '../catalog/calendar';
import type { PrismaClient } from '../prisma/database';

export interface ApiServices {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  lookupKeySecret: string;
  calendar: CalendarSource;
}

export interface GraphQLContext extends ApiServices {
  requestId: string;
  /** The caller authenticated by API key; null for anonymous callers. */
  principal: Principal | null;
}
