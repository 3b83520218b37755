// The admin's autocomplete boxes (select2) name themselves after the chosen value only
// (aria-labelledby → the selection's text), so an empty box has no name at all. Point each box
// at its field's <label> as well: "Người dùng, <the value>". Boxes appear when the admin's
// script runs and when an inline row is added, hence the observer.
(function () {
  "use strict";
  function name(selection) {
    var container = selection.closest(".select2-container");
    var select = container && container.previousElementSibling;
    if (!select || select.tagName !== "SELECT" || !select.id) return;
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (!label) return;
    if (!label.id) label.id = select.id + "_label";
    var own = (selection.getAttribute("aria-labelledby") || "").split(/\s+/).filter(function (id) { return id && id !== label.id; });
    selection.setAttribute("aria-labelledby", [label.id].concat(own).join(" "));
    var rendered = selection.querySelector(".select2-selection__rendered[role=textbox]");
    if (rendered && !rendered.getAttribute("aria-label")) rendered.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
    selection.dataset.dhNamed = "1";
  }
  function nameAll() {
    document.querySelectorAll(".select2-selection[role=combobox]:not([data-dh-named])").forEach(name);
  }
  new MutationObserver(nameAll).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", nameAll);
  window.addEventListener("load", nameAll);
})();
