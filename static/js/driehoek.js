/* Small enhancements on top of pages that work without JavaScript. No inline script (CSP). */
(function () {
  "use strict";
  var WIDE = window.matchMedia("(min-width: 48em)");

  /* Error summary: take focus (also after an htmx swap); its links focus the field itself. */
  function focusSummary(root) {
    var summary = (root || document).querySelector("[data-dh-error-summary]");
    if (summary && document.activeElement !== summary) { summary.focus(); }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-dh-error-summary] a[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    var label = target.closest("fieldset, .utrecht-form-field") || target;
    label.scrollIntoView();
    target.focus({ preventScroll: true });
  });

  /* Tables scroll sideways inside a focusable, labelled region instead of widening the page. */
  function wrapTables(root) {
    (root || document).querySelectorAll("main table").forEach(function (table) {
      var wrap = table.parentElement;
      if (!wrap.classList.contains("dh-table-wrap")) {
        wrap = document.createElement("div");
        wrap.className = "dh-table-wrap";
        table.parentNode.insertBefore(wrap, table);
        wrap.appendChild(table);
      }
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        var caption = table.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      }
    });
  }

  /* Menu: a <details> that is always open on wide screens; aria-expanded follows it. */
  function syncMenu() {
    var menu = document.getElementById("dh-menu");
    if (!menu) { return; }
    if (WIDE.matches) { menu.open = true; }
    menu.classList.toggle("dh-menu--wide", WIDE.matches);
    menu.querySelector("summary").setAttribute("aria-expanded", menu.open ? "true" : "false");
  }

  function init(root) { wrapTables(root); focusSummary(root); }
  document.addEventListener("DOMContentLoaded", function () {
    var menu = document.getElementById("dh-menu");
    if (menu) {
      if (!WIDE.matches) { menu.open = false; }
      menu.addEventListener("toggle", syncMenu);
      WIDE.addEventListener("change", function () { menu.open = WIDE.matches; syncMenu(); });
      syncMenu();
    }
    init(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
