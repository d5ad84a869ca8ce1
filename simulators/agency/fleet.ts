/**
 * A fleet of simulated agency systems: one real HTTP server per agency, as in production where every
 * agency runs its own system at its own address.
 */
import { BehaviourConfig } from '../../integrations/agency-protocol/protocol';
import { AgencySimulator, createAgencySimulator } from './simulator';
import { CallbackRetryPolicy } from './callback-sender';

export interface FleetAgency {
  code: string;
  secret: string;
  behaviour?: BehaviourConfig;
}

export interface AgencyFleetOptions {
  agencies: FleetAgency[];
  /** 0 (default): each server gets a free port. Otherwise agency i listens on basePort + i. */
  basePort?: number;
  host?: string;
  /** Each agency's PRNG is seeded with seed + its index, so agencies do not fail in lockstep. */
  seed?: number;
  control?: boolean;
  callbackRetry?: Partial<CallbackRetryPolicy>;
}

export interface AgencyFleet {
  /** Base URL per agency code. */
  urls: Record<string, string>;
  simulators: Record<string, AgencySimulator>;
  close(): Promise<void>;
}

export async function startAgencyFleet(options: AgencyFleetOptions): Promise<AgencyFleet> {
  const basePort = options.basePort ?? 0;
  const seen = new Set<string>();
  for (const agency of options.agencies) {
    if (seen.has(agency.code)) throw new Error(`agency ${agency.code} is listed twice`);
    seen.add(agency.code);
  }
  const simulators: Record<string, AgencySimulator> = {};
  const urls: Record<string, string> = {};
  const started: AgencySimulator[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(started.map((s) => s.close()));
  };
  try {
    for (const [index, agency] of options.agencies.entries()) {
      const simulator = createAgencySimulator({
        agencyCode: agency.code,
        secret: agency.secret,
        behaviour: agency.behaviour,
        seed: (options.seed ?? 1) + index,
        control: options.control,
        callbackRetry: options.callbackRetry,
      });
      const { url } = await simulator.listen(basePort === 0 ? 0 : basePort + index, options.host);
      started.push(simulator);
      simulators[agency.code] = simulator;
      urls[agency.code] = url;
    }
  } catch (err) {
    // A half-started fleet (e.g. a port in use) must not leave the other servers running.
    await close();
    throw err;
  }
  return { urls, simulators, close };
}
