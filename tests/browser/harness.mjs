// Shared harness for loupe's browser tests: real headless Chromium (or Firefox) over file://,
// with nothing that relaxes file:// rules. Every request that is not file:// and every console
// error or uncaught exception is recorded, so a test can fail on them.
import { existsSync } from "node:fs";
import { pathToFileURL, fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The Chromium binary: $CHROMIUM or Debian's /usr/bin/chromium. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  return candidates.find((p) => existsSync(p));
}

/** Launches Chromium. */
export async function launch() {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("Chromium not found: apt-get install chromium");
  return puppeteer.launch({
    executablePath,
    headless: true,
    // Only our flags: puppeteer's defaults are fine, but nothing that allows file access.
    args: CHROMIUM_FLAGS.filter((f) => f !== "--headless"),
  });
}

/** A page that records problems: requests leaving `home` (file://, or a server's origin with
 * its trailing slash), console errors, page errors. */
export async function watchedPage(browser, problems, home = "file://") {
  const page = await browser.newPage();
  const where = home === "file://" ? home : `the server ${home}`;
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith(home) && !url.startsWith("data:") && !url.startsWith("about:")) {
      problems.push(`request left ${where}: ${url}`);
    }
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught error on ${page.url()}: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  return page;
}

export function fileUrl(path) {
  return pathToFileURL(path).href;
}

export function pathOf(url) {
  return fileURLToPath(url.split("#")[0].split("?")[0]);
}

/** Opens the header's menu when it is closed (on narrow screens it is a button), as a reader
 * would before following one of its links. */
export async function openMenu(page) {
  const summary = await page.$(".menu > summary");
  if (!summary) return;
  const open = await page.$eval(".menu", (d) => d.open);
  if (!open && (await summary.isVisible())) await summary.click();
}

/** Fails the process with the problems, or prints a pass line. */
export function finish(name, problems, checks) {
  if (problems.length) {
    console.error(`${name}: ${problems.length} problem(s)`);
    for (const p of problems.slice(0, +(process.env.MAX_PROBLEMS || 50))) console.error("  " + p);
    console.log(`${checks} passed, 1 failed`);
    process.exit(1);
  }
  console.log(`${name}: ${checks} passed, 0 failed`);
}

/** A problem list with a counting `check(ok, what)`. */
export function checker() {
  const state = { problems: [], checks: 0 };
  state.check = (ok, what) => {
    state.checks += 1;
    if (!ok) state.problems.push(what);
  };
  return state;
}

/** Crawls from `start` over the given tabs at once (page loads wait more than they compute):
 * `visit(tab, url)` checks one page and returns the URLs it links to; each URL is visited once.
 * Returns the set of visited URLs. */
export async function crawl(tabs, start, visit) {
  const queue = [...start];
  const seen = new Set(queue);
  let busy = 0;
  async function worker(tab) {
    for (;;) {
      const url = queue.shift();
      if (url === undefined) {
        if (busy === 0) return;
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      busy += 1;
      try {
        for (const next of await visit(tab, url)) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      } finally {
        busy -= 1;
      }
    }
  }
  await Promise.all(tabs.map(worker));
  return seen;
}

/** How many tabs a crawl uses: $CRAWL_TABS, default 3. */
export function crawlTabs() {
  return Math.max(1, Number(process.env.CRAWL_TABS || 3));
}
