// What every e2e suite shares: its page bundled by esbuild for the browser (the gonet imports
// resolve through package.json's exports, browser condition, to the built dist/, as in a user's
// app), and Debian's Chromium driven by playwright-core with the project's flags.

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium, type BrowserContext, type Page } from "playwright-core";

const executablePath = "/usr/bin/chromium";
const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** bundlePage bundles the e2e page file (a path relative to e2e/) for the browser. */
export async function bundlePage(file: string): Promise<string> {
  const out = await build({
    entryPoints: [new URL(file, import.meta.url).pathname],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    // The browser tsconfig maps nothing: "gonet/…" resolves through package.json's exports.
    tsconfig: new URL("../tsconfig.browser.json", import.meta.url).pathname,
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0]!.text;
}

/** Browser is a running Chromium with one page; close ends it and removes its profile. */
export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * openPage starts Chromium (no download: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD), loads url and waits
 * until the page sets globalThis[readyFlag] to true. `npm run test:e2e` installs Chromium first
 * (scripts/ensure-chromium.mjs), outside the runner's per-file timeout; run directly, a missing
 * Chromium fails with what to do.
 */
export async function openPage(url: string, readyFlag: string): Promise<Browser> {
  process.env["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1";
  if (!existsSync(executablePath)) throw new Error(`${executablePath} is missing: run \`node scripts/ensure-chromium.mjs\` (apt-get install -y chromium) first`);
  const profile = mkdtempSync(join(tmpdir(), "gonet-e2e-"));
  let context: BrowserContext | null = null;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: flags });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (err) => console.error("page error:", err));
    await page.goto(url);
    await page.waitForFunction((flag) => (globalThis as Record<string, unknown>)[flag] === true, readyFlag);
    const ctx = context;
    return {
      context: ctx,
      page,
      async close() {
        await ctx.close().catch(() => {});
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context?.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}
