// Small behaviours of the staff pages, kept out of the markup so the Content Security Policy can refuse
// every inline script.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    // A select that submits its form at once (the language menu).
    if (event.target.matches("select[data-autosubmit]")) { event.target.form.submit(); }
  });

  document.addEventListener("click", function (event) {
    // "Use it" on the classifier's suggestion fills the call form's type and sub-kind.
    var button = event.target.closest("[data-fill-kind]");
    if (!button) { return; }
    var kind = document.getElementById("id_kind");
    var subKind = document.getElementById("id_sub_kind");
    if (kind) { kind.value = button.dataset.fillKind; }
    if (subKind) { subKind.value = button.dataset.fillSubKind || ""; }
  });
})();
