/* Organisation search: the CoP sign-up form and every organisation picker
   (driehoek/organisations/picker.py). The text field (input[data-dh-org-search="<address>"],
   data-dh-org-target = the id of the hidden field for the chosen id, optional data-dh-org-party =
   the name of the radio buttons that narrow the kind) becomes a combobox (ARIA 1.2 pattern,
   list autocomplete): as you type, the server sends the organisations that match
   (<address>?q=… or <address>&q=…: the sign-up's <slug>/aanmelden/organisaties/ or
   /organisaties/zoeken/?soort=…) and you choose one with the arrow keys and Enter, or with
   the mouse; Escape closes the list; a live region says how many were found. Choosing one fills
   in the name and the hidden organisation field. Without this script the field is a plain text
   field and the server suggests names after sending ("Bedoelde je:"). No library, no inline
   script (CSP). */
(function () {
  "use strict";
  var MIN_LENGTH = 2;
  var DELAY = 200;

  function setup(input) {
    var url = input.getAttribute("data-dh-org-search");
    var target = document.getElementById(input.getAttribute("data-dh-org-target"));
    var partyName = input.getAttribute("data-dh-org-party");
    var form = input.form;
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var wrap = document.createElement("div");
    var chosenName = target && target.value ? input.value : null;
    var timer = null;
    var active = -1;
    var latest = 0;

    list.id = input.id + "_listbox";
    list.className = "dh-combobox__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-dh-org-label") || "");
    list.hidden = true;
    status.className = "dh-visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrap.className = "dh-combobox";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off"); // the browser's own list would cover ours

    function options() { return list.querySelectorAll("[role=option]"); }

    function highlight(index) {
      var all = options();
      active = index;
      all.forEach(function (option, n) {
        option.setAttribute("aria-selected", n === index ? "true" : "false");
      });
      if (index >= 0 && all[index]) {
        input.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(open) {
      open = open && options().length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) { highlight(-1); }
    }

    function choose(option) {
      input.value = option.getAttribute("data-name");
      chosenName = input.value;
      if (target) { target.value = option.getAttribute("data-value"); }
      show(false);
      status.textContent = "";
    }

    function party() {
      var checked = form && partyName &&
        form.querySelector("input[name='" + partyName + "']:checked");
      return checked ? checked.value : "";
    }

    function suggest() {
      var q = input.value.trim();
      var request = ++latest;
      if (q.length < MIN_LENGTH) {
        list.replaceChildren();
        show(false);
        status.textContent = "";
        return;
      }
      var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q);
      if (party()) { address += "&party=" + encodeURIComponent(party()); }
      fetch(address, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (html) {
          if (request !== latest) { return; } // an older answer arriving late
          var doc = new DOMParser().parseFromString(html, "text/html");
          var found = Array.prototype.map.call(doc.querySelectorAll("[role=option]"),
            function (option) { return document.importNode(option, true); });
          var message = doc.querySelector("[data-dh-status]");
          list.replaceChildren.apply(list, found);
          highlight(-1);
          show(document.activeElement === input);
          status.textContent = message ? message.textContent.trim() : "";
        })
        .catch(function () { show(false); }); // the server still suggests after sending
    }

    input.addEventListener("input", function () {
      if (target && input.value !== chosenName) {
        target.value = "";
        chosenName = null;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var all = options();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!all.length) { return; }
        event.preventDefault();
        if (list.hidden) { show(true); }
        if (event.key === "ArrowDown") {
          highlight(active + 1 < all.length ? active + 1 : 0);
        } else {
          highlight(active > 0 ? active - 1 : all.length - 1);
        }
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault(); // choose, do not send the form yet
          choose(all[active]);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          show(false);
        }
      }
    });

    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { choose(option); }
    });
    input.addEventListener("blur", function () { show(false); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-dh-org-search]").forEach(setup);
  });
})();
