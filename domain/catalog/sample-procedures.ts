// The sample procedure catalog loaded on a fresh install (see the files it gathers for each
// procedure's real-world basis). Every entry passes validateProcedure against SAMPLE_AGENCIES.
import type { ProcedureInput } from '../procedure/types';
import { BUSINESS_PROCEDURES } from './sample-procedures-business';
import { CIVIL_PROCEDURES } from './sample-procedures-civil';
import { LAND_PROCEDURES } from './sample-procedures-land';

export const SAMPLE_PROCEDURES: readonly ProcedureInput[] = [
  ...LAND_PROCEDURES,
  ...CIVIL_PROCEDURES,
  ...BUSINESS_PROCEDURES,
];
