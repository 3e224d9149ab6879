/* The check boxes for adding municipalities to a work area (organisations/work_area_add.html).
   As you type in the search field, the municipalities whose name (or CBS code) does not match
   are hidden, and so is a province with none left; a ticked one stays visible, and a live
   region says how many are shown and ticked. Names are compared without case or accents.
   Enter in the search field filters here too, as long as the page holds the whole list; on a
   list the server narrowed (?q=) the search goes to the server and takes the ticked ones along.
   Without this script the search field sends ?q= and the server narrows the list. No library,
   no inline script (CSP). */
(function () {
  "use strict";
  var DELAY = 300;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function setup(filter) {
    var form = document.getElementById(filter.getAttribute("data-dh-pick-filter"));
    var input = filter.querySelector("input[name=q]");
    var status = document.querySelector("[data-dh-pick-status]");
    if (!form || !input) { return; }
    var items = Array.prototype.slice.call(form.querySelectorAll("[data-dh-pick-item]"));
    var groups = Array.prototype.slice.call(form.querySelectorAll("[data-dh-pick-group]"));
    var none = form.querySelector("[data-dh-pick-none]");
    var texts = items.map(function (item) { return fold(item.getAttribute("data-dh-pick-item")); });
    var timer = null;

    function box(item) { return item.querySelector("input[type=checkbox]"); }

    function say() {
      if (!status) { return; }
      var shown = items.filter(function (item) { return !item.hidden; }).length;
      var ticked = items.filter(function (item) { return box(item).checked; }).length;
      status.textContent = (status.getAttribute("data-dh-pick-template") || "")
        .replace("{shown}", String(shown)).replace("{ticked}", String(ticked));
    }

    function apply() {
      var q = fold(input.value);
      var any = false;
      items.forEach(function (item, n) {
        var show = !q || texts[n].indexOf(q) !== -1 || box(item).checked;
        item.hidden = !show;
        any = any || show;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-dh-pick-item]:not([hidden])");
      });
      if (none) { none.hidden = any || !items.length; }
      window.clearTimeout(timer);
      timer = window.setTimeout(say, DELAY);
    }

    input.addEventListener("input", apply);
    form.addEventListener("change", function () { window.clearTimeout(timer); timer = window.setTimeout(say, DELAY); });
    filter.addEventListener("submit", function (event) {
      if (filter.hasAttribute("data-dh-pick-complete")) {
        event.preventDefault(); // everything is on the page: filtering here keeps the ticks
        apply();
        return;
      }
      filter.querySelectorAll("input[data-dh-pick-kept]").forEach(function (kept) { kept.remove(); });
      items.forEach(function (item) {
        var checkbox = box(item);
        if (!checkbox.checked) { return; }
        var kept = document.createElement("input");
        kept.type = "hidden";
        kept.name = checkbox.name;
        kept.value = checkbox.value;
        kept.setAttribute("data-dh-pick-kept", "");
        filter.appendChild(kept);
      });
    });
    if (input.value) { apply(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-dh-pick-filter]").forEach(setup);
  });
})();
