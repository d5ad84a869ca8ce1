// "The next release" of the workflow code, for the rolling-upgrade test: a copy of the real
// `workflows/` (and the `domain/` it imports) in a temporary folder, with one change applied to the
// real dossier workflow, bundled as a production worker loads it (WORKFLOW_BUNDLE_PATH).
//
// The change: before handing a SYSTEM step to an agency's system, the workflow now waits 250 ms
// (a durable timer). Small on purpose, and of the kind that breaks running dossiers: it adds a
// command in the middle of a dossier's life, so a history written by the current code no longer
// matches what the new code does at that point. Guarded, it goes behind
// `patched(NEXT_RELEASE_PATCH_ID)` as our rule says (docs/ARCHITECTURE.md); unguarded, it is the
// same change as a careless release would ship it, which the test replays to show that the guard
// is what keeps in-flight dossiers alive.
//
// The edits are anchored on lines of workflows/dossier-workflow.ts; when one is missing (the file
// changed), this fails saying which, and the anchors below are to be updated with the file.
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/config';
import { bundleWorkflowsToFile } from '../../platform/workflow-bundle';

export const NEXT_RELEASE_PATCH_ID = 'pause-before-agency-delivery';
/** The timer the next release starts before each delivery. */
export const NEXT_RELEASE_PAUSE = '250 ms';

const WORKFLOW_FILE = path.join('workflows', 'dossier-workflow.ts');

function edits(guarded: boolean): Array<{ anchor: string; replacement: string }> {
  const condition = guarded ? `patched('${NEXT_RELEASE_PATCH_ID}')` : 'true';
  return [
    {
      anchor: `import type { UpdateDefinition } from '@temporalio/common';`,
      replacement: `import { sleep } from '@temporalio/workflow';\nimport type { UpdateDefinition } from '@temporalio/common';`,
    },
    {
      anchor: `const { deliverWorkItem } = proxyActivities<`,
      replacement: `const { deliverWorkItem: deliverWorkItemNow } = proxyActivities<`,
    },
    {
      anchor: `const { applyReadModelUpdate } = proxyActivities<`,
      replacement: [
        `// The next release: a short pause before each hand-over to an agency's system.`,
        `const deliverWorkItem = async (...args: Parameters<typeof deliverWorkItemNow>) => {`,
        `  if (${condition}) await sleep('${NEXT_RELEASE_PAUSE}');`,
        `  return deliverWorkItemNow(...args);`,
        `};`,
        ``,
        `const { applyReadModelUpdate } = proxyActivities<`,
      ].join('\n'),
    },
  ];
}

export interface NextRelease {
  bundlePath: string;
  remove(): Promise<void>;
}

/** Copies the workflow code, applies the change (behind `patched()` unless `guarded` is false) and bundles it. */
export async function buildNextRelease(options: { guarded: boolean }): Promise<NextRelease> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lien-thong-next-release-'));
  try {
    for (const room of ['workflows', 'domain'])
      await cp(path.join(PROJECT_ROOT, room), path.join(dir, room), { recursive: true });
    // Packages resolve from the copy as from the repository.
    await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const file = path.join(dir, WORKFLOW_FILE);
    let source = await readFile(file, 'utf8');
    for (const { anchor, replacement } of edits(options.guarded)) {
      const count = source.split(anchor).length - 1;
      if (count !== 1)
        throw new Error(
          `${WORKFLOW_FILE}: the next-release change is anchored on \`${anchor}\`, found ${count} times; update tests/support/next-workflow-release.ts with the workflow`,
        );
      source = source.replace(anchor, replacement);
    }
    await writeFile(file, source);
    const bundlePath = await bundleWorkflowsToFile(
      path.join(dir, 'workflows', 'index.ts'),
      path.join(dir, `bundle-${options.guarded ? 'guarded' : 'unguarded'}.js`),
    );
    return { bundlePath, remove: () => rm(dir, { recursive: true, force: true }) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
