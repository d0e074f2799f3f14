// Loaded (not deferred) at the top of <body>, before anything is drawn, as
// GOV.UK's page template does inline: the page is laid out for its scripts
// from the start, so nothing moves when they run. A file rather than an
// inline script, because the Content-Security-Policy allows no inline code.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
