// The payload encryption key of every test client, worker and worker process. Fixed and checked in
// (it protects nothing): the encrypted replay fixture (tests/fixtures/histories/encrypted-*.json)
// was recorded under it and must stay readable.
import { parsePayloadKeys } from '../../platform/encryption/payload-keys';

export const TEST_PAYLOAD_ENCRYPTION_KEYS = 'test-2026:YDgmTaR13PiAt4SMQlC5R/DBrh8W8oB1M34aN/dnOto=';
export const TEST_PAYLOAD_KEYS = parsePayloadKeys(TEST_PAYLOAD_ENCRYPTION_KEYS).keys;
