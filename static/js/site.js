// Behaviour on top of pages that work without it: the error summary takes
// focus, 전체메뉴 opens as a panel/drawer, 글자 크기 is remembered across pages,
// and a form is not sent twice by a double click.
(function () {
  "use strict";

  // An error summary is announced and read first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  // 전체메뉴: the link to /menu/ becomes a button for the panel in the page.
  var toggle = document.querySelector("[data-menu-toggle]");
  var menu = document.getElementById("all-menu");
  if (toggle && menu) {
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
    var close = function (returnFocus) {
      menu.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      document.documentElement.classList.remove("agency-menu-open");
      if (returnFocus) toggle.focus();
    };
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      if (!menu.hidden) return close(true);
      menu.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
      document.documentElement.classList.add("agency-menu-open");
      var first = menu.querySelector("a, button");
      if (first) first.focus();
    });
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); toggle.click(); }
    });
    menu.querySelectorAll("[data-menu-close]").forEach(function (button) {
      button.addEventListener("click", function () { close(true); });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !menu.hidden) close(true);
    });
  }

  // 글자 크기: five steps, as KRDS's resize control has them.
  var control = document.querySelector("[data-text-size-control]");
  if (control) {
    control.hidden = false;
    var opener = control.querySelector("button[aria-controls]");
    var list = document.getElementById(opener.getAttribute("aria-controls"));
    var root = document.documentElement;
    var mark = function () {
      var current = root.getAttribute("data-text-size") || "md";
      list.querySelectorAll("[data-text-size]").forEach(function (option) {
        option.setAttribute("aria-pressed", String(option.getAttribute("data-text-size") === current));
      });
    };
    mark();
    opener.addEventListener("click", function () {
      list.hidden = !list.hidden;
      opener.setAttribute("aria-expanded", String(!list.hidden));
    });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[data-text-size]");
      if (!option) return;
      var size = option.getAttribute("data-text-size");
      if (size === "md") root.removeAttribute("data-text-size");
      else root.setAttribute("data-text-size", size);
      try { window.localStorage.setItem("agency-text-size", size); } catch (e) { /* kept for this page only */ }
      mark();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !list.hidden) {
        list.hidden = true;
        opener.setAttribute("aria-expanded", "false");
        opener.focus();
      }
    });
  }

  // A second click on 보내기 while the first is on its way sends nothing.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = form.querySelector("[data-prevent-double-click]");
      if (!button) return;
      if (form.dataset.sending) { event.preventDefault(); return; }
      form.dataset.sending = "1";
      window.setTimeout(function () { delete form.dataset.sending; }, 5000);
    });
  });
})();
