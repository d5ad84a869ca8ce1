// The pinned custom search attributes (docs/PRODUCT.md), so Temporal's own tools can list dossiers.
// No personal data ever goes here: values are stored unencrypted in Temporal's visibility store.
// Values are made well-formed: Temporal's core stops the worker on text it cannot encode.
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import { wellFormed } from '../text/well-formed';
import type { DossierState } from './dossier-workflow';

export const DossierStatusKey = defineSearchAttributeKey('DossierStatus', SearchAttributeType.KEYWORD);
export const ProcedureCodeKey = defineSearchAttributeKey('ProcedureCode', SearchAttributeType.KEYWORD);
export const CurrentAgenciesKey = defineSearchAttributeKey(
  'CurrentAgencies',
  SearchAttributeType.KEYWORD_LIST,
);
export const DueAtKey = defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME);

export function dossierSearchAttributes(
  state: Pick<DossierState, 'status' | 'currentAgencies' | 'dueAt'>,
  procedureCode: string,
): SearchAttributePair[] {
  return [
    { key: DossierStatusKey, value: wellFormed(state.status) },
    { key: ProcedureCodeKey, value: wellFormed(procedureCode) },
    { key: CurrentAgenciesKey, value: state.currentAgencies.map(wellFormed) },
    { key: DueAtKey, value: new Date(state.dueAt) },
  ];
}
