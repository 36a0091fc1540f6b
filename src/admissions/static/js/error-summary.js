// After a form fails, its error summary takes the focus, so a keyboard or screen reader user
// starts from the list of what to fix instead of the top of the page; following one of its
// links then puts the focus in that field (a fragment link alone only scrolls to it).
(function () {
  "use strict";
  function focusSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusSummary(document); });
  } else {
    focusSummary(document);
  }
  // A form re-rendered by htmx brings its own summary.
  document.addEventListener("htmx:afterSwap", function (event) { focusSummary(event.target); });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-error-summary] a[href^='#']") : null;
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      // Its label and error sit above the control: show them too.
      var label = document.querySelector("label[for='" + field.id + "']");
      (label || field).scrollIntoView();
      field.focus({ preventScroll: true });
    }
  });
})();
