import { DOSSIER_WORKFLOW_TYPE, type DossierWorkflow } from '../domain/contract/dossier-workflow';
import * as workflows from './index';

test('the contract names the dossier workflow as the worker registers it (its exported function)', () => {
  expect(Object.keys(workflows)).toEqual([DOSSIER_WORKFLOW_TYPE]);
  expect(workflows.dossierWorkflow.name).toBe(DOSSIER_WORKFLOW_TYPE);
  // The contract's signature is the workflow's own (a compile-time check).
  const typed: DossierWorkflow = workflows.dossierWorkflow;
  expect(typed).toBe(workflows.dossierWorkflow);
});
