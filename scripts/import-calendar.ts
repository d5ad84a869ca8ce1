// `npm run calendar:import -- domain/calendar/schedules/2026.json`: loads a year's official schedule
// of days off and make-up working days into DATABASE_URL (or the embedded database) as one calendar
// revision. The embedded database serves one process: stop `npm start` first, or use the
// `setCalendarDays` mutation while it runs.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createCalendarSource } from '../services/catalog/calendar';
import { importOfficialSchedule } from '../services/catalog/calendar-admin';
import { broadcastCalendarChange } from '../services/catalog/calendar-broadcast';
import { connectClient, temporalSettingsFrom } from '../platform/temporal-connection';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';

async function run(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('Usage: npm run calendar:import -- path/to/schedule.json');
  const json: unknown = JSON.parse(await readFile(path.resolve(file), 'utf8'));
  const config = loadConfig();
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.DATA_DIR, 'pglite') });
  try {
    // A fresh install may not have been started yet; applying migrations is idempotent.
    await applyMigrations(db.sql);
    const change = await importOfficialSchedule(db.prisma, json, `calendar:import ${path.basename(file)}`);
    for (const day of change.days)
      console.log(`  ${day.date} ${day.working ? 'working' : 'off    '} ${day.reason ?? ''}`);
    const count = change.days.length;
    console.log(`Calendar version ${change.version}: ${count} day${count === 1 ? '' : 's'} from ${file}.`);
    if (config.TEMPORAL_ADDRESS) {
      // Running dossiers re-project their deadlines onto the new calendar, as after setCalendarDays.
      const temporal = await connectClient(temporalSettingsFrom(config));
      try {
        await broadcastCalendarChange(
          temporal,
          await createCalendarSource(db.prisma)(),
          `calendar version ${change.version}`,
        );
        console.log('Running dossiers were told to re-project their deadlines.');
      } finally {
        await temporal.connection.close();
      }
    }
  } finally {
    await db.close();
  }
}

run().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
