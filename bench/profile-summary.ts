// Summarises a V8 .cpuprofile (node --cpu-prof) by self time: top functions and top packages.
//   BENCH_PROFILE=/tmp/prof npx tsx bench/run.ts --quick --only=submission-rate   (bench/profiler.ts)
//   npx tsx bench/profile-summary.ts /tmp/prof/<file>.cpuprofile
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const profile = JSON.parse(readFileSync(process.argv[2], 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const group = (key: (n: Node) => string) => {
  const sums = new Map<string, number>();
  for (const [id, us] of self) sums.set(key(byId.get(id)!), (sums.get(key(byId.get(id)!)) ?? 0) + us);
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 25));
};
const pkg = (n: Node) => {
  const url = n.callFrame.url;
  if (!url) return `(${n.callFrame.functionName || 'native'})`;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
};
console.log(`total sampled ${(total / 1e6).toFixed(1)} s`);
console.log('\nby package / file (self time):');
for (const [k, us] of group(pkg)) console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
console.log('\nby function (self time):');
for (const [k, us] of group(
  (n) => `${n.callFrame.functionName || '(anonymous)'}  ${pkg(n)}:${n.callFrame.lineNumber + 1}`,
))
  console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
