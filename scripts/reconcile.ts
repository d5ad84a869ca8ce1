// `npm run reconcile [-- --repair] [-- CODE ...]`: compares the read model with the dossier
// workflows' recorded history and reports drift; with --repair, replays the recorded writes (and
// starts any workflow a crashed submission never started). Exits 1 when drift remains.
import { loadConfig } from '../platform/config';
import { createServices } from '../services/create-services';
import { reconcile } from '../services/reconcile';

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
  } finally {
    await close();
  }
}

run().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
