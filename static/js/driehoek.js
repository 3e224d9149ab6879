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

  /* Busy state: while htmx sends a form, the button that sent it says so (aria-busy) and cannot
     be pressed twice; a plain form with data-dh-busy-message shows that message when sent. */
  var busy = new WeakMap();
  function buttonsOf(elt, trigger) {
    if (elt.matches("button")) { return [elt]; }
    if (!trigger || trigger.type !== "submit") { return []; }
    if (trigger.submitter) { return [trigger.submitter]; }
    return Array.prototype.slice.call(elt.querySelectorAll("button[type=submit], button:not([type])"));
  }
  function setBusy(buttons, on) {
    buttons.forEach(function (button) {
      if (on) { button.setAttribute("aria-busy", "true"); } else { button.removeAttribute("aria-busy"); }
      button.disabled = on;
    });
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var config = event.detail.requestConfig || {};
    var buttons = buttonsOf(event.detail.elt, config.triggeringEvent);
    setBusy(buttons, true);
    busy.set(event.detail.xhr, buttons);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var buttons = busy.get(event.detail.xhr);
    if (buttons) { setBusy(buttons, false); busy.delete(event.detail.xhr); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var id = form.getAttribute && form.getAttribute("data-dh-busy-message");
    if (!id || event.defaultPrevented) { return; }
    var message = document.getElementById(id);
    if (message) { message.hidden = false; }
    if (event.submitter) { setBusy([event.submitter], true); }
  });
  /* Back to a page from the browser's cache: nothing is being sent any more. */
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("[data-dh-busy-message]").forEach(function (form) {
      var message = document.getElementById(form.getAttribute("data-dh-busy-message"));
      if (message) { message.hidden = true; }
      setBusy(Array.prototype.slice.call(form.querySelectorAll("button[aria-busy]")), false);
    });
  });

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
