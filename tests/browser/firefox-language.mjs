// Firefox: the reader's language survives navigation under file:// with Firefox's strict
// file-origin policy kept on (each file is its own origin, so localStorage cannot carry it:
// the links must). Usage: node firefox-language.mjs <built site folder>
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import puppeteer from "puppeteer-core";
import { fileUrl, finish, checker, openMenu } from "./harness.mjs";

const site = resolve(process.argv[2] || "public");
const firefox = [process.env.FIREFOX, "/usr/bin/firefox-esr", "/usr/bin/firefox"].filter(Boolean).find((p) => existsSync(p));
const counter = checker();
const { problems, check } = counter;

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: firefox,
  headless: true,
  // puppeteer relaxes this by default; users have it on, so the test keeps it on.
  extraPrefsFirefox: { "security.fileuri.strict_origin_policy": true },
});
try {
  const page = await browser.newPage();
  page.on("pageerror", (err) => problems.push(`uncaught error on ${page.url()}: ${err.message}`));
  await page.goto(fileUrl(join(site, "index.html")) + "?choose");
  await Promise.all([page.waitForNavigation(), page.click('a[data-lang-link="fr"]')]);
  check(page.url().endsWith("/fr/index.html"), `chose French: ${page.url()}`);
  for (const selector of [".home-section .items a", ".main-nav a[href*='guidance']", ".items a"]) {
    if (selector.startsWith(".main-nav")) await openMenu(page);
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
    const lang = await page.$eval("html", (h) => h.lang);
    check(lang === "fr", `after following ${selector} the page is in ${lang}: ${page.url()}`);
    check(page.url().includes("/fr/"), `still under fr/: ${page.url()}`);
  }
} finally {
  await browser.close();
}
finish("language choice in Firefox over file://", problems, counter.checks);
