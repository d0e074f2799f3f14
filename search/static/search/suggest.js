// As-you-type suggestions under the header's search box (#site-search).
// Without this script the box is a plain form that opens the results page,
// which shows the same first pages and promotions. With it, a short pause in
// typing fetches /search/suggest/?q=… (a fixed HTML fragment rendered by the
// site, the same for everyone, so mostly served from the page cache) and shows
// it as a list of links under the box. The count is announced politely; the
// links are ordinary tab stops after the search button (focus is never held),
// ↓ moves from the box into the list, Esc closes it and returns to the box.
(function () {
  "use strict";

  var input = document.getElementById("site-search");
  var form = input && input.form;
  var url = input && input.getAttribute("data-suggest-url");
  if (!form || !url || !window.fetch || !("content" in document.createElement("template"))) return;

  var DELAY = 250; // ms after the last key press
  var MIN_LENGTH = 2; // characters, spaces not counted (the server's own minimum)

  var box = document.createElement("div");
  box.id = "site-search-suggest";
  box.className = "agency-suggest";
  box.hidden = true;
  // A live region must exist before its text changes for the change to be read.
  var status = document.createElement("p");
  status.className = "sr-only";
  status.setAttribute("aria-live", "polite");
  status.id = "site-search-suggest-status";
  form.appendChild(status);
  form.appendChild(box);
  input.setAttribute("aria-controls", box.id);

  var timer = null;
  var pending = null;
  var shownFor = null;

  function links() {
    return Array.prototype.slice.call(box.querySelectorAll("a"));
  }

  function close(focusBox) {
    window.clearTimeout(timer);
    if (pending) pending.abort();
    pending = null;
    var wasOpen = !box.hidden;
    box.hidden = true;
    shownFor = null;
    if (focusBox && wasOpen) input.focus();
  }

  function show(query, html) {
    var template = document.createElement("template");
    template.innerHTML = html; // the site's own escaped fragment, never typed text
    var body = template.content.querySelector("[data-count]");
    if (!body) return close(false);
    var count = parseInt(body.getAttribute("data-count"), 10) || 0;
    box.replaceChildren(body);
    box.hidden = false;
    shownFor = query;
    status.textContent = count ? "추천 검색 결과 " + count + "건" : "추천 검색 결과가 없습니다";
  }

  function fetchFor(query) {
    if (pending) pending.abort();
    var controller = window.AbortController ? new AbortController() : null;
    pending = controller;
    window.fetch(url + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      if (pending !== controller) return; // a newer query has been typed
      pending = null;
      if (input.value.trim() === query && document.activeElement === input) show(query, html);
    }).catch(function () { /* offline or aborted: the form still works */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var query = input.value.trim();
    if (query.replace(/\s+/g, "").length < MIN_LENGTH) {
      status.textContent = "";
      return close(false);
    }
    if (query === shownFor && !box.hidden) return;
    timer = window.setTimeout(function () { fetchFor(query); }, DELAY);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !box.hidden) {
      event.preventDefault();
      close(false);
    } else if (event.key === "ArrowDown" && !box.hidden && links().length) {
      event.preventDefault();
      links()[0].focus();
    }
  });

  box.addEventListener("keydown", function (event) {
    var all = links();
    var index = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "ArrowDown" && index > -1 && index < all.length - 1) {
      event.preventDefault();
      all[index + 1].focus();
    } else if (event.key === "ArrowUp" && index > -1) {
      event.preventDefault();
      if (index === 0) input.focus();
      else all[index - 1].focus();
    }
  });

  // Focus moving elsewhere (Tab past the list) or a click outside the search
  // form closes the list. A click on a link inside it may move focus nowhere
  // (Safari does not focus links), so only a known new target closes it here.
  form.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !form.contains(event.relatedTarget)) close(false);
  });
  document.addEventListener("click", function (event) {
    if (!box.hidden && !form.contains(event.target)) close(false);
  });
  form.addEventListener("submit", function () { close(false); });
})();
