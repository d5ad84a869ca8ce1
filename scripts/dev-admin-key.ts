// `npm start` on a fresh machine needs someone who may administer it. Without ADMIN_API_KEY, a
// random admin key is made once and kept in the data directory (git-ignored), so it survives
// restarts and is printed at start. Development only: production sets ADMIN_API_KEY.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function devAdminKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'dev-admin-key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = `lt_dev_${randomBytes(24).toString('base64url')}`;
    await writeFile(file, `${key}\n`, { mode: 0o600 });
    return key;
  }
}
