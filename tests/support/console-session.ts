// What every console browser test does the same way: make the people it signs in as, open a browser
// context at the console's 1366×768, sign in through the page, ask GraphQL as the page does, and
// check a page (axe-core, then an optional screenshot into docs/console/).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { SCREENSHOT_DIR, seriousAccessibilityViolations, takeScreenshots } from './browser';
import type { EngineHarness } from './engine-harness';

/** A GraphQL answer's data, failing the test on any error. */
export function ok(result: { data?: any; errors?: any[] }): any {
  expect(result.errors).toBeUndefined();
  return result.data;
}

export interface Person {
  username: string;
  name: string;
}

/** The person's account, made with the engine's administrator key (fails the test if refused). */
export async function createPerson(
  engine: Pick<EngineHarness, 'graphql' | 'adminKey'>,
  person: Person & Record<string, unknown>,
  password: string,
): Promise<void> {
  ok(
    await engine.graphql(
      `mutation($input: CreateAccountInput!) { createAccount(input: $input) { __typename } }`,
      { input: { ...person, password } },
      engine.adminKey,
    ),
  );
}

/** A fresh context at 1366×768 (CSP bypassed only so axe-core can be injected). */
export function consoleContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true, ...options });
}

/** Signs in through the console's own form at `origin` and waits for the person's name in the header. */
export async function signIn(page: Page, origin: string, person: Person, password: string): Promise<void> {
  await page.goto(origin + '/');
  await page.getByLabel('Tên đăng nhập').fill(person.username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByText(person.name).waitFor();
}

/** A person's own Vietnamese-locale context, signed in. */
export async function openSignedIn(
  browser: Browser,
  origin: string,
  person: Person,
  password: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await consoleContext(browser, { locale: 'vi-VN', ...options });
  const page = await context.newPage();
  await signIn(page, origin, person, password);
  return { context, page };
}

/** A GraphQL request from the signed-in page, as the console sends it (cookie + CSRF header). */
export async function graphqlFrom(
  page: Page,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: any; errors?: any[] }> {
  return page.evaluate(
    async ({ q, v }) => {
      const session = (await (await fetch('/auth/session')).json()) as { csrfToken: string };
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ query: q, variables: v }),
      });
      return response.json();
    },
    { q: query, v: variables },
  );
}

export interface PageCheck {
  /** A pause first so a chart or the procedure graph finishes drawing (not 'networkidle': the live pages keep an event stream open); 0 for none. */
  pauseMs?: number;
  /** The whole page rather than what the 1366×768 screen shows. */
  fullPage?: boolean;
}

/**
 * axe-core finds no serious or critical violation once transitions have ended (so colours are judged
 * as they finally stand); with CONSOLE_SCREENSHOTS=1 and a name, the screenshot docs/console/<name>.png.
 */
export async function checkPage(
  page: Page,
  name: string | undefined,
  { pauseMs = 300, fullPage = false }: PageCheck = {},
): Promise<void> {
  if (pauseMs) await page.waitForTimeout(pauseMs);
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  if (name && takeScreenshots) {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage });
  }
}
