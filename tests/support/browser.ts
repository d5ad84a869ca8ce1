// Chromium for the console's browser tests: Debian's `chromium` driven by playwright-core (whose own
// browser download cannot run here), with the flags that keep it from calling out of a closed
// network. No browser is a failure that says how to get one, never a skipped test.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  const found = fromEnv ? [fromEnv].filter(existsSync)[0] : CANDIDATES.find(existsSync);
  if (!found) {
    throw new Error(
      `No Chromium for the console's browser tests${fromEnv ? ` at CHROMIUM_PATH=${fromEnv}` : ` (looked for ${CANDIDATES.join(', ')})`}. ` +
        "Install Debian's: `sudo apt-get install -y chromium` (.ci/run does it in CI), or point CHROMIUM_PATH at a Chromium or Chrome binary.",
    );
  }
  return found;
}

/** playwright's launch gives each browser a fresh temporary profile (the fresh --user-data-dir). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=vi-VN',
    ],
  });
}

export const CONSOLE_DIST_INDEX = path.join(__dirname, '..', '..', 'console', 'dist', 'index.html');

export function requireConsoleBuild(): void {
  if (!existsSync(CONSOLE_DIST_INDEX)) {
    throw new Error(
      'The console is not built (console/dist): run `npm run console:build` (npm install does it).',
    );
  }
}

let axeSource: Promise<string> | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's serious and critical violations on the page as it stands (WCAG 2.1 A/AA rules). */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: await axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<any> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations as AxeViolation[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target })) }));
}

export const SCREENSHOT_DIR = path.join(__dirname, '..', '..', 'docs', 'console');
/** CONSOLE_SCREENSHOTS=1 refreshes docs/console/*.png (committed); CI leaves them alone. */
export const takeScreenshots = process.env.CONSOLE_SCREENSHOTS === '1';
