import { mappingProblem, MAPPABLE_EVENT_TYPES } from './status-mapping';

describe('a line of the national status mapping', () => {
  test('takes a mappable event and a code from 1 to 10', () => {
    expect(mappingProblem('DOSSIER_RECEIVED', 2)).toBeUndefined();
    expect(mappingProblem('DOSSIER_COMPLETED', 10)).toBeUndefined();
    expect(mappingProblem('STEP_STARTED', 1)).toBeUndefined();
  });
  test('refuses internal events, unknown events and codes out of range', () => {
    expect(mappingProblem('ESCALATION_RAISED', 4)).toMatch(/eventType/);
    expect(mappingProblem('dossier_received', 2)).toMatch(/eventType/);
    expect(mappingProblem('DOSSIER_RECEIVED', 0)).toMatch(/statusCode/);
    expect(mappingProblem('DOSSIER_RECEIVED', 11)).toMatch(/statusCode/);
    expect(mappingProblem('DOSSIER_RECEIVED', 2.5)).toMatch(/statusCode/);
  });
  test('every event the default mapping names is mappable', () => {
    for (const type of ['DOSSIER_RECEIVED', 'STEP_STARTED', 'SUPPLEMENT_REQUESTED', 'SUPPLEMENT_PROVIDED'])
      expect(MAPPABLE_EVENT_TYPES).toContain(type);
  });
});
