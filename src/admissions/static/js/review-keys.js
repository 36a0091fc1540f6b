/* The reviewer's screen: "n" opens the next assigned application (the link marked
 * data-next-assignment, which also has accesskey="n"), unless the person is typing in a
 * field or holds a modifier key. Documented on the page itself. */
(function () {
  "use strict";
  var link = document.querySelector("a[data-next-assignment]");
  if (!link) { return; }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "n" || event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) { return; }
    var target = event.target;
    var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
    if (tag === "input" || tag === "textarea" || tag === "select" || (target && target.isContentEditable)) { return; }
    event.preventDefault();
    window.location.assign(link.href);
  });
})();
