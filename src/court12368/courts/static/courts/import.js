// 系统配置 → 导入法院和人员: a province's file takes a while, so say the import is under way and keep the
// button from sending the file twice (kept out of the markup for the Content Security Policy).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-import-form]");
    if (!form) { return; }
    var busy = form.querySelector("[data-import-busy]");
    if (busy) { busy.hidden = false; }
    form.querySelectorAll("[type=submit]").forEach(function (button) { button.disabled = true; });
  });
})();
