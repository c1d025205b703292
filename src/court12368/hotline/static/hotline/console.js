// The agent console (hotline/console.html): what the screen-pop and the inline case query fill into the
// call form, and the classifier's suggestion taken without moving the agent's cursor. Loaded with the
// page's nonce; the Content Security Policy refuses inline scripts.
(function () {
  "use strict";

  var lastField = null; // where the agent was typing, to go back to after "采用"

  function callForm() { return document.getElementById("call-form"); }

  function field(name) {
    var form = callForm();
    return form ? form.elements.namedItem(name) : null;
  }

  // A field is free for a prefill when the agent has put nothing in it, or only what an earlier
  // prefill put there (a number typed on: the previous caller's name goes, the agent's own never does).
  function free(input) {
    if (input.tagName === "SELECT") { return !input.dataset.chosen; }
    return input.value === "" || input.value === input.dataset.prefilled;
  }

  function put(input, value) {
    input.value = value;
    if (value) { input.dataset.prefilled = input.value; } else { delete input.dataset.prefilled; }
  }

  // <div data-prefill="free|verified" data-prefill-FIELD="value" …>: "free" fills what the agent left
  // free (the screen-pop); "verified" also sets the case number, which the agent has just verified.
  function prefill(root) {
    var sources = root.matches && root.matches("[data-prefill]") ? [root] : [];
    sources = sources.concat(Array.prototype.slice.call(root.querySelectorAll("[data-prefill]")));
    sources.forEach(function (source) {
      var verified = source.dataset.prefill === "verified";
      Array.prototype.forEach.call(source.attributes, function (attribute) {
        if (attribute.name.indexOf("data-prefill-") !== 0) { return; }
        var input = field(attribute.name.slice("data-prefill-".length));
        if (!input) { return; }
        if (verified && input.name === "case_number") {
          input.value = attribute.value;
          delete input.dataset.prefilled; // the agent's now: a later screen-pop leaves it alone
        } else if (free(input) && (attribute.value || input.dataset.prefilled)) {
          put(input, attribute.value);
        }
      });
    });
  }

  document.addEventListener("input", function (event) {
    // Typed by the agent: no prefill replaces it any more.
    if (event.target.form === callForm()) { delete event.target.dataset.prefilled; }
  });

  document.addEventListener("change", function (event) {
    if (event.target.form === callForm() && event.target.tagName === "SELECT") {
      event.target.dataset.chosen = "1";
    }
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.form === callForm() && !event.target.closest("#suggestion")) {
      lastField = event.target;
    }
  });

  document.addEventListener("click", function (event) {
    // "采用" (Alt+A) fills the type and sub-kind, and the cursor stays where the agent was typing.
    var button = event.target.closest("[data-fill-kind]");
    if (!button) { return; }
    var kind = field("kind");
    var subKind = field("sub_kind");
    if (kind) { kind.value = button.dataset.fillKind; kind.dataset.chosen = "1"; }
    if (subKind) { subKind.value = button.dataset.fillSubKind || ""; subKind.dataset.chosen = "1"; }
    if (lastField && document.contains(lastField)) { lastField.focus(); }
  });

  // On the console its own keys win: an element elsewhere on the page (the top bar's search) that
  // shares one of them gives it up, or the browser would take the first in the page's order.
  function ownKeys() {
    var desk = document.querySelector(".console");
    if (!desk) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[accesskey]"), function (element) {
      var key = element.getAttribute("accesskey");
      if (!desk.contains(element) && desk.querySelector('[accesskey="' + key + '"]')) {
        element.removeAttribute("accesskey");
      }
    });
  }

  // The verification asks only for the chosen way's fields (case number and password, password only, or
  // ID number and reserved phone); without script all four show and the server checks the right ones.
  function identityFields(root) {
    var chosen = root.querySelector('input[name="verify-method"]:checked');
    if (!chosen) { return; }
    Array.prototype.forEach.call(root.querySelectorAll(".identity[data-methods]"), function (wrapper) {
      wrapper.hidden = wrapper.dataset.methods.split(" ").indexOf(chosen.value) < 0;
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.name === "verify-method") { identityFields(event.target.form); }
  });

  document.addEventListener("htmx:load", function (event) {
    prefill(event.detail.elt);
    identityFields(document);
  });
  ownKeys();
  prefill(document);
  identityFields(document);
})();
