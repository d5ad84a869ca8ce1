// Where the time goes: with BENCH_PROFILE=<dir>, the bench process (API, and the worker where the
// benchmark runs one) is CPU-profiled during each measured load point only, one .cpuprofile per
// point, to read with bench/profile-summary.ts or Chrome DevTools. Without it, nothing is recorded.
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

export async function profiled<T>(label: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${label.replace(/[^\w@.-]+/g, '_')}-${Date.now()}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    console.log(`  profile: ${file}`);
  }
}
