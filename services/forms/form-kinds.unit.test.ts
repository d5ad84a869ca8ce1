import type { Principal } from '../../domain/principal';
import { formLinks, mayPrintRegister, notApplicableBecause, type DossierFormState } from './form-kinds';
import { signerOf } from './signer';

const state: DossierFormState = {
  status: 'IN_PROGRESS',
  receivingAgencyCode: 'DESK',
  stepAgencies: ['DESK', 'TAX'],
  supplementAgency: 'TAX',
};
const agency = (agencyCode: string): Principal => ({ id: 'k', role: 'AGENCY', agencyCode });
const kinds = (p: Principal | null) => formLinks(p, 'C-1', state).map((f) => f.kind);

test('who gets which paper', () => {
  expect(kinds(null)).toEqual(['receipt', 'supplement-request', 'refusal', 'apology', 'stop-notice']);
  expect(kinds({ id: 'p', role: 'PORTAL' })).toEqual(kinds(null));
  expect(kinds(agency('DESK'))).toHaveLength(6);
  expect(kinds(agency('TAX'))).toEqual(['supplement-request', 'control-sheet']);
  expect(kinds(agency('ELSEWHERE'))).toEqual([]);
  expect(kinds({ id: 's', role: 'SUPERVISOR' })).toHaveLength(6);
  expect(mayPrintRegister(agency('DESK'), 'DESK')).toBe(true);
  expect(mayPrintRegister(agency('TAX'), 'DESK')).toBe(false);
  expect(mayPrintRegister(null, 'DESK')).toBe(false);
  // The desk officers of the agency print their own register, not another desk's.
  expect(mayPrintRegister({ id: 'd', role: 'DESK', agencyCode: 'DESK' }, 'DESK')).toBe(true);
  expect(mayPrintRegister({ id: 'd', role: 'DESK', agencyCode: 'TAX' }, 'DESK')).toBe(false);
});

test('a paper applies only once its fact exists', () => {
  expect(notApplicableBecause('apology', state)).toMatch(/not late/);
  expect(notApplicableBecause('refusal', state)).toMatch(/not refused/);
  expect(notApplicableBecause('stop-notice', { ...state, status: 'WITHDRAWN' })).toBeUndefined();
  expect(formLinks(null, 'C-1', state).find((f) => f.kind === 'supplement-request')).toEqual({
    kind: 'supplement-request',
    url: '/forms/C-1/supplement-request.pdf',
    available: true,
  });
});

test('the signer is the acting key’s label, else the agency; a system action signs as the agency', () => {
  const directory = {
    agencies: new Map([['TAX', { code: 'TAX', name: 'Chi cục Thuế huyện An Phú' }]]),
    keyLabels: new Map([['key-1', 'Đội kiểm tra thuế']]),
  };
  const desk = { code: 'DESK', name: 'Bộ phận Một cửa huyện An Phú' };
  expect(signerOf('AGENCY:TAX:key-1', 'NGƯỜI YÊU CẦU', desk, directory)).toEqual({
    role: 'NGƯỜI YÊU CẦU',
    name: 'Đội kiểm tra thuế',
    title: 'Chi cục Thuế huyện An Phú',
  });
  expect(signerOf('AGENCY:TAX:key-2', 'X', desk, directory).name).toBe('Chi cục Thuế huyện An Phú');
  expect(signerOf('SYSTEM:system', 'X', desk, directory).name).toBe('Bộ phận Một cửa huyện An Phú');
});
