// Live reload of `loupe serve` in real headless Chromium: a page open in the browser reloads
// when its source is saved, stays as it is when an unrelated page changes, shows a build error
// as an overlay over the last good page until the file is fixed, takes a stylesheet change
// without reloading, and a rebuild that panics is reported like a failed one. Every request
// stays on the dev server (127.0.0.1).
// Usage: LOUPE_BIN=<loupe binary> [LOUPE_SERVE_TEST_PANIC=<file name>] node serve-reload.mjs
//        <site folder (a copy, it is edited)>
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { launch, finish, checker } from "./harness.mjs";

const site = resolve(process.argv[2]);
const bin = process.env.LOUPE_BIN;
if (!bin) throw new Error("set LOUPE_BIN to the loupe binary");
const counter = checker();
const { problems, check } = counter;
const content = (rel) => join(site, "content", rel);
const edit = (rel, from, to) => {
  const text = readFileSync(content(rel), "utf8");
  if (!text.includes(from)) throw new Error(`${rel} has no ${from}`);
  writeFileSync(content(rel), text.replace(from, to));
};

// Start the server on a free port and read its URL from stdout.
const server = spawn(bin, ["serve", "--port", "0", "--root", site, "--output", join(site, "..", "served")], {
  stdio: ["ignore", "pipe", "inherit"],
});
const base = await new Promise((ok, fail) => {
  const timer = setTimeout(() => fail(new Error("loupe serve printed no URL")), 30000);
  createInterface({ input: server.stdout }).on("line", (line) => {
    const m = line.match(/http:\/\/127\.0\.0\.1:\d+\//);
    if (m) {
      clearTimeout(timer);
      ok(m[0]);
    }
  });
});
const status = async () => (await fetch(base + "__loupe/status")).json();
const nextGeneration = async (after) => {
  const start = Date.now();
  for (;;) {
    const s = await status();
    if (s.attempts > after.attempts) return s;
    if (Date.now() - start > 15000) throw new Error("no rebuild after the change");
    await new Promise((r) => setTimeout(r, 25));
  }
};

const browser = await launch();
try {
  const page = await browser.newPage();
  page.on("request", (req) => {
    if (!req.url().startsWith(base)) problems.push(`request left the dev server: ${req.url()}`);
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught error: ${err.message}`));
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`${res.status()} for ${res.url()}`);
  });
  await page.goto(base + "en/guidance/certificates/index.html");
  // Let the event stream open before anything changes.
  await new Promise((r) => setTimeout(r, 500));
  const mark = () => page.evaluate(() => { window.__loupeKept = true; });
  const kept = () => page.evaluate(() => window.__loupeKept === true);

  // 1. Another page changes: this one is not reloaded.
  await mark();
  let before = await status();
  edit("en/minutes/kono.md", "The group read", "The whole group read");
  await nextGeneration(before);
  await new Promise((r) => setTimeout(r, 500));
  check(await kept(), "an edit of another page does not reload this one");

  // 2. This page's source is saved: it reloads with the new text.
  edit("en/guidance/certificates.md", "## Fields", "## Fields saved in the editor");
  await page.waitForFunction(() => document.body.innerText.includes("Fields saved in the editor"), { timeout: 15000 });
  check(!(await kept()), "the page was reloaded, not patched in place");
  check(true, "saving the page's source reloads it with the new text");

  // 3. A broken front matter: an overlay with path:line:col over the last good page.
  await mark();
  edit("en/guidance/certificates.md", "date: 2017-05-02", "date: 2017-05-32");
  await page.waitForSelector("#loupe-error-overlay", { timeout: 15000 });
  const overlay = await page.$eval("#loupe-error-overlay", (e) => e.textContent);
  check(/certificates\.md:\d+:\d+/.test(overlay), `the overlay names the file and position: ${overlay.slice(0, 300)}`);
  check(await kept(), "the last good page stays (no reload on a failed build)");
  check((await page.evaluate(() => document.body.innerText)).includes("Fields saved in the editor"), "the last good text is still shown");

  // 4. Fixing it clears the overlay and shows the fixed page.
  edit("en/guidance/certificates.md", "date: 2017-05-32", "date: 2017-05-30");
  await page.waitForFunction(() => !document.getElementById("loupe-error-overlay") && document.body.innerText.includes("30 May 2017"), { timeout: 15000 });
  check(true, "fixing the file clears the overlay and reloads the page");

  // 5. A stylesheet change restyles the page without reloading it.
  await mark();
  const css = readFileSync(join(resolve(import.meta.dirname, "../.."), "themes/default/static/style.css"), "utf8");
  mkdirSync(join(site, "themes/default/static"), { recursive: true });
  before = await status();
  writeFileSync(join(site, "themes/default/static/style.css"), css + "\nbody { outline: 3px solid rgb(1, 2, 3); }\n");
  await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)", { timeout: 15000 });
  check(await kept(), "a stylesheet change is applied without reloading the page");

  // 6. A rebuild that panics (through the trigger of debug builds): reported over the last good
  // page like a failed build; the next save rebuilds everything and clears the overlay.
  const trigger = process.env.LOUPE_SERVE_TEST_PANIC;
  if (trigger) {
    await mark();
    writeFileSync(
      content(`en/guidance/${trigger}`),
      "---\ntitle: Panic on purpose\nsummary: A test page.\ndate: 2019-01-01\ncountries: [LR]\ntopics: [certificates]\n---\n\nBody.\n",
    );
    await page.waitForSelector("#loupe-error-overlay", { timeout: 15000 });
    const text = await page.$eval("#loupe-error-overlay", (e) => e.textContent);
    check(text.includes("panicked"), `the overlay reports the panic: ${text.slice(0, 300)}`);
    check(await kept(), "the last good page stays after a panic");
    edit("en/guidance/certificates.md", "## Fields saved in the editor", "## Fields saved after the panic");
    await page.waitForFunction(
      () => !document.getElementById("loupe-error-overlay") && document.body.innerText.includes("Fields saved after the panic"),
      { timeout: 15000 },
    );
    check(true, "the save after a panic rebuilds, clears the overlay and reloads the page");
  } else {
    console.log("serve-reload: no LOUPE_SERVE_TEST_PANIC (a release build): the panic step is not run");
  }
} catch (e) {
  problems.push(String(e && e.stack ? e.stack : e));
} finally {
  await browser.close();
  server.kill();
}
finish("serve-reload", problems, counter.checks);
