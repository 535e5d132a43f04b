/* The register's filters (status: open, overdue, done; country; year), in the page: they work
   offline and from file://, and keep their state in the page's address (`?status=open`). The
   form stays hidden when no script runs: the register then shows everything. A classic script
   right after the form: the form shows before the meetings below it are laid out, so nothing
   moves; the filters apply once the page is read. */
(function () {
  "use strict";
  var doc = document, form = doc.getElementById("register-filters");
  if (!form) return;
  form.hidden = false;
  function init() {
    var entries = Array.prototype.slice.call(doc.querySelectorAll(".register-entry"));
    var out = form.querySelector(".filter-status");
    var params = new URLSearchParams(location.search);
    var status = params.get("status") || "";
    Array.prototype.forEach.call(form.querySelectorAll("input[name=status]"), function (r) { r.checked = r.value === status; });
    ["country", "year"].forEach(function (k) {
      var sel = form.elements[k], v = params.get(k) || "";
      if (sel && Array.prototype.some.call(sel.options, function (o) { return o.value === v; })) sel.value = v;
    });
    function apply() {
      var checked = form.querySelector("input[name=status]:checked");
      var st = checked ? checked.value : "", country = form.elements.country.value, year = form.elements.year.value;
      var shown = 0, total = 0;
      entries.forEach(function (e) {
        var here = (!country || (" " + e.getAttribute("data-countries") + " ").indexOf(" " + country + " ") >= 0) &&
          (!year || e.getAttribute("data-year") === year);
        var visible = 0;
        Array.prototype.forEach.call(e.querySelectorAll("tbody tr"), function (r) {
          total += 1;
          var show = here && (!st || r.classList.contains(st));
          r.hidden = !show;
          if (show) visible += 1;
        });
        shown += visible;
        var decisions = e.querySelector(".decisions"), table = e.querySelector("table.actions");
        if (decisions) decisions.hidden = !!st;
        if (table) table.hidden = table.previousElementSibling.hidden = !visible;
        e.hidden = !here || (!!st && !visible);
      });
      out.textContent = shown
        ? out.getAttribute("data-template").replace("{shown}", shown).replace("{total}", total)
        : out.getAttribute("data-none");
      var p = new URLSearchParams();
      if (st) p.set("status", st);
      if (country) p.set("country", country);
      if (year) p.set("year", year);
      var q = p.toString();
      try { history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash); } catch (e) { /* file:// quirks */ }
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }
  /* After site.js has marked the actions overdue today. */
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init);
  else init();
})();
