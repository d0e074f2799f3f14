// Runs in <head>, before the page is drawn: applies the 글자 크기 chosen on an
// earlier page (kept in this browser only, never sent to the server, so cached
// pages stay the same for everyone) and marks that scripts run, so controls
// that need them can be shown from the first paint without the page moving.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var size = window.localStorage.getItem("agency-text-size");
    if (size && /^(sm|lg|xlg|xxlg)$/.test(size)) root.setAttribute("data-text-size", size);
  } catch (e) {
    /* storage blocked: the default size */
  }
})();
