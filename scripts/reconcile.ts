// `npm run reconcile [-- --repair] [-- CODE ...]`: compares the read model with the dossier
// workflows' recorded history and reports drift; with --repair, replays the recorded writes (and
// starts any workflow a crashed submission never started). Exits 1 when drift remains.
// With NATIONAL_PORTAL_URL set, it also compares the national portal with the outbox and, with
// --repair, sends again what the portal lacks (services/national-sync/reconcile-national.ts).
import { loadConfig } from '../platform/config';
import { createServices } from '../services/create-services';
import { reconcile } from '../services/reconcile';
import { createNationalPortalClient } from '../integrations/national-portal/client';
import { reconcileNationalPortal } from '../services/national-sync/reconcile-national';

async function run(): Promise<void> {
  const args = process.argv.slice(2);
  const repair = args.includes('--repair');
  const codes = args.filter((a) => !a.startsWith('--'));
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS)
    throw new Error("TEMPORAL_ADDRESS is required: reconciliation reads the workflows' history");
  const { api: reception, db, temporal, close } = await createServices(config);
  try {
    const report = await reconcile({
      prisma: db.prisma,
      temporal,
      repair,
      codes: codes.length ? codes : undefined,
      reception,
    });
    for (const drift of report.drifts) console.log(`${drift.dossierCode}  ${drift.kind}  ${drift.detail}`);
    console.log(
      `Checked ${report.checked} dossiers: ${report.drifts.length} drift(s)${repair ? `, ${report.repaired} repaired` : ''}.`,
    );
    if (report.drifts.length && !repair) process.exitCode = 1;
    if (config.NATIONAL_PORTAL_URL) {
      const portal = createNationalPortalClient({
        url: config.NATIONAL_PORTAL_URL,
        username: config.NATIONAL_PORTAL_USERNAME,
        password: config.NATIONAL_PORTAL_PASSWORD,
        unitCode: config.NATIONAL_PORTAL_UNIT_CODE,
      });
      const national = await reconcileNationalPortal({
        prisma: db.prisma,
        repair,
        codes: codes.length ? codes : undefined,
        lookup: async (code) => {
          const found = await portal.lookup(code);
          return found && { lastSeq: found.ThuTuCuoi };
        },
      });
      for (const drift of national.drifts)
        console.log(`${drift.dossierCode}  NATIONAL_${drift.kind}  ${drift.detail}`);
      console.log(
        `National portal: checked ${national.checked} dossiers: ${national.drifts.length} drift(s)${repair ? `, ${national.requeued} event(s) queued again` : ''}.`,
      );
      if (national.drifts.length && !repair) process.exitCode = 1;
    }
  } finally {
    await close();
  }
}

run().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
