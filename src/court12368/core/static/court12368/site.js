// Small behaviours of the staff pages, kept out of the markup so the Content Security Policy can refuse
// every inline script.
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    // The language menu switches on its button or on Enter, never on change: arrowing through the
    // languages (keyboard and screen-reader users) must not reload the page at each one (WCAG 3.2.2).
    if (event.key === "Enter" && event.target.matches("select[data-submit-on-enter]")) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  });

  // Access-key hints (<kbd class="akey">Alt+N</kbd>) name the chord of the browser in use: Firefox takes
  // Alt+Shift+key, Safari and Chrome on a Mac Ctrl+Option+key. The console's own behaviours are in
  // hotline/console.js.
  var chord = /Firefox\//.test(navigator.userAgent) ? "Alt+Shift+"
    : (/Macintosh/.test(navigator.userAgent) ? "Ctrl+Option+" : "");
  function accessKeyHints(root) {
    if (!chord || !root.querySelectorAll) { return; }
    Array.prototype.forEach.call(root.querySelectorAll("kbd.akey:not([data-chord])"), function (hint) {
      hint.textContent = hint.textContent.replace(/^Alt\+/, chord);
      hint.dataset.chord = chord;
    });
  }
  accessKeyHints(document);
  document.addEventListener("htmx:load", function (event) { accessKeyHints(event.detail.elt); });
})();
