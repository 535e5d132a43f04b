// The names DOM clobbering could aim at in loupe's own scripts, in one place.
//
// Content keeps element ids (and a page could carry <form name>, <img name>): an element's id
// or name becomes a property of `window` that shadows any global the scripts did not define
// themselves, and the name of a <form>, <img>, <embed> or <object> (and an <img>'s id) shadows
// even built-in properties of `document` (`document.body`, `document.currentScript`, ...).
// The clobbering test injects an element for every name below into built pages.
//
// The list is the union of the names written here (what the scripts read today, found by
// reading them) and the names derived from the scripts' source by `scriptNames`, so a name a
// script starts reading is covered without editing this file.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** Names read by the theme script and the search runtime (globals, document members, ids). */
export const READ_NAMES = [
  // Globals of loupe's own: the runtime's API and registration hook, and the configuration
  // hooks older runtimes read from `window`.
  "loupeSearch",
  "loupeRegister",
  "loupeSearchBase",
  "loupeLoadScript",
  "loupeHost",
  // Members of `document` the scripts use.
  "body",
  "head",
  "currentScript",
  "readyState",
  "activeElement",
  "documentElement",
  "querySelector",
  "querySelectorAll",
  "getElementById",
  "getElementsByTagName",
  "createElement",
  "createTextNode",
  "addEventListener",
  "removeEventListener",
  "location",
  "defaultView",
  // Members of `window` the scripts use (own properties of window: no element shadows
  // them, which the test checks too).
  "document",
  "localStorage",
  "history",
  "console",
  "URL",
  "URLSearchParams",
  "Document",
  "Element",
  "EventTarget",
  "HTMLScriptElement",
  "HTMLElement",
  // Ids of the theme's elements the scripts look up, and of the elements the runtime makes.
  "search-input",
  "search-dropdown",
  "search-page",
  "ls-q",
  "main",
];

/** The theme and runtime scripts whose names the list must cover. */
export function scriptSources() {
  const files = [join(repo, "themes/default/static/site.js")];
  for (const dir of [join(repo, "search-index/js"), join(repo, "search-index/js/src")]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) if (f.endsWith(".js")) files.push(join(dir, f));
  }
  return files.map((f) => ({ file: f, text: readFileSync(f, "utf8") }));
}

/** Names a script reads from `window`, `document`, or by id, found in its text. */
export function scriptNames(text) {
  const names = new Set();
  const patterns = [
    /\b(?:window|document|globalThis|global|win|doc|W|D)\.([A-Za-z_$][\w$]*)/g,
    /\bdocumentGet\(\s*\w+\s*,\s*["']([A-Za-z]+)["']/g,
    /\bgetElementById\(\s*["']([^"']+)["']/g,
    /["'`][^"'`]*#([A-Za-z][\w-]*)/g,
    /\b(loupe[A-Z][\w$]*)\b/g,
    /\bdoc(?:Get|Call)\(\s*["']([A-Za-z]+)["']/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) names.add(m[1]);
  return names;
}

/** Every name to clobber: the list above and the names derived from the scripts. */
export function clobberNames() {
  const all = new Set(READ_NAMES);
  for (const { text } of scriptSources()) for (const n of scriptNames(text)) all.add(n);
  // Only names an element can carry in an id or name attribute value we can write plainly.
  return [...all].filter((n) => /^[A-Za-z_$][\w$-]*$/.test(n)).sort();
}
