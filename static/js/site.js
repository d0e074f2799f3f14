// Loads GOV.UK Frontend's behaviours (error summary focus, menu toggle on
// small screens, character counts). Pages work without it: every component
// is plain HTML first.
const script = document.querySelector("script[data-govuk-frontend]");
document.body.classList.add("js-enabled");
if (script && "noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
  import(script.dataset.govukFrontend).then(({ initAll }) => initAll());
}
