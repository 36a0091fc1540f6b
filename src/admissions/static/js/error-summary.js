// After a form fails, its error summary takes the focus, so a keyboard or screen reader user
// starts from the list of what to fix (each item links to its field) instead of the page top.
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
})();
