import { createHmac } from 'node:crypto';
import { signedHeaders, signPayload, verifySignature } from './signature';
import { agencySecretEnvName, agencySecretFromEnv, devAgencySecret } from './secrets';

const SECRET = 'bí-mật-chung';
const NOW = 1_750_000_000_000;
const BODY = JSON.stringify({ dossierCode: 'VPDKDD-250601-0001', stepName: 'Xác định nghĩa vụ tài chính' });

describe('signPayload', () => {
  it('is sha256= plus the hex HMAC of "timestamp.rawBody"', () => {
    const expected = createHmac('sha256', SECRET).update(`${NOW}.${BODY}`).digest('hex');
    expect(signPayload(SECRET, NOW, BODY)).toBe(`sha256=${expected}`);
  });

  it('signs the raw bytes, so a Buffer and its UTF-8 string agree', () => {
    expect(signPayload(SECRET, String(NOW), Buffer.from(BODY, 'utf8'))).toBe(signPayload(SECRET, NOW, BODY));
  });
});

describe('verifySignature', () => {
  const header = signPayload(SECRET, NOW, BODY);

  it('accepts a valid signature within the skew, in either direction', () => {
    expect(verifySignature(SECRET, String(NOW), BODY, header, NOW)).toBe(true);
    expect(verifySignature(SECRET, NOW, BODY, header, NOW + 4 * 60_000)).toBe(true);
    expect(verifySignature(SECRET, NOW, BODY, header, NOW - 4 * 60_000)).toBe(true);
    expect(verifySignature(SECRET, NOW, BODY, header.toUpperCase().replace('SHA256=', 'sha256='), NOW)).toBe(
      true,
    );
  });

  it('rejects a timestamp outside the allowed skew (replay)', () => {
    expect(verifySignature(SECRET, NOW, BODY, header, NOW + 5 * 60_000 + 1)).toBe(false);
    expect(verifySignature(SECRET, NOW, BODY, header, NOW + 1_000, 500)).toBe(false);
  });

  it('rejects a tampered body, timestamp, wrong secret or malformed header', () => {
    expect(verifySignature(SECRET, NOW, BODY + ' ', header, NOW)).toBe(false);
    expect(verifySignature(SECRET, NOW + 1, BODY, header, NOW)).toBe(false);
    expect(verifySignature('other', NOW, BODY, header, NOW)).toBe(false);
    expect(verifySignature(SECRET, NOW, BODY, header.slice(0, -2), NOW)).toBe(false);
    expect(verifySignature(SECRET, NOW, BODY, header.replace('sha256=', 'sha1='), NOW)).toBe(false);
    expect(verifySignature(SECRET, NOW, BODY, undefined, NOW)).toBe(false);
    expect(verifySignature(SECRET, undefined, BODY, header, NOW)).toBe(false);
    expect(verifySignature(SECRET, '17e11', BODY, header, NOW)).toBe(false);
  });

  it('round-trips with signedHeaders', () => {
    const headers = signedHeaders(SECRET, BODY, NOW);
    expect(
      verifySignature(SECRET, headers['X-LienThong-Timestamp'], BODY, headers['X-LienThong-Signature'], NOW),
    ).toBe(true);
  });
});

describe('dev agency secrets', () => {
  it('derives a stable, distinct secret per agency', () => {
    expect(devAgencySecret('CUC-THUE')).toBe(devAgencySecret('CUC-THUE'));
    expect(devAgencySecret('CUC-THUE')).not.toBe(devAgencySecret('KHO-BAC'));
    expect(devAgencySecret('CUC-THUE')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('prefers AGENCY_SECRET_<CODE> and refuses the dev fallback in production', () => {
    expect(agencySecretEnvName('cuc-thue')).toBe('AGENCY_SECRET_CUC_THUE');
    expect(agencySecretFromEnv('CUC-THUE', { AGENCY_SECRET_CUC_THUE: 's3cret' })).toBe('s3cret');
    expect(agencySecretFromEnv('CUC-THUE', {})).toBe(devAgencySecret('CUC-THUE'));
    expect(() => agencySecretFromEnv('CUC-THUE', { NODE_ENV: 'production' })).toThrow(
      /AGENCY_SECRET_CUC_THUE/,
    );
  });
});
