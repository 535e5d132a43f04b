// A minutes page as it prints: opened over file:// in headless Chromium with print media
// emulated, its decisions and actions come before its text, and the lists of related
// documents and backlinks are not shown; then it is printed to an A4 PDF for the Rust test to
// read. Usage: node print-minutes.mjs <built minutes page> <pdf to write>
import { resolve } from "node:path";
import { launch, watchedPage, fileUrl, finish, checker } from "./harness.mjs";

const file = resolve(process.argv[2]);
const pdf = resolve(process.argv[3]);
const counter = checker();
const { problems, check } = counter;

const browser = await launch();
try {
  const page = await watchedPage(browser, problems);
  await page.goto(fileUrl(file));
  await page.emulateMediaType("print");
  const layout = await page.evaluate(() => {
    const top = (sel) => {
      const el = document.querySelector(sel);
      return el ? el.getBoundingClientRect().top : null;
    };
    const lists = [...document.querySelectorAll(".see-also")];
    return {
      header: top(".doc-header"),
      decisions: top("[aria-labelledby=loupe-decisions]"),
      actions: top("[aria-labelledby=loupe-actions]"),
      body: top(".body"),
      lists: lists.length,
      listsShown: lists.filter((el) => getComputedStyle(el).display !== "none").length,
      headingsAvoidBreak: [...document.querySelectorAll(".body h2, .body h3")].every(
        (h) => getComputedStyle(h).breakAfter === "avoid"
      ),
      rowsAvoidBreak: [...document.querySelectorAll("tr")].every((r) => getComputedStyle(r).breakInside === "avoid"),
    };
  });
  check(layout.decisions !== null && layout.actions !== null && layout.body !== null, `the page has decisions, actions and a body: ${JSON.stringify(layout)}`);
  check(layout.header < layout.decisions, `the title comes first: ${JSON.stringify(layout)}`);
  check(layout.decisions < layout.body, `decisions print before the text: ${JSON.stringify(layout)}`);
  check(layout.actions < layout.body, `actions print before the text: ${JSON.stringify(layout)}`);
  check(layout.decisions < layout.actions, `decisions, then actions: ${JSON.stringify(layout)}`);
  check(layout.lists === 2, `the page has related documents and backlinks on screen (${layout.lists} lists)`);
  check(layout.listsShown === 0, `${layout.listsShown} of the related and backlink lists print`);
  check(layout.headingsAvoidBreak, "headings keep with what follows them");
  check(layout.rowsAvoidBreak, "table rows are not split across pages");
  await page.pdf({ path: pdf, format: "A4", margin: { top: "18mm", bottom: "20mm", left: "16mm", right: "16mm" } });
} catch (e) {
  problems.push(String(e && e.stack ? e.stack : e));
} finally {
  await browser.close();
}
finish("minutes page in print", problems, counter.checks);
