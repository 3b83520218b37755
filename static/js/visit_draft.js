/* Keeps what a mentor typed in the visit form in the phone's storage until the visit is saved,
   so that a lost connection or a closed tab does not lose it. No library, no network. */
(function () {
  "use strict";
  var store;
  try { store = window.localStorage; } catch (e) { return; }
  if (!store) { return; }
  var PREFIX = "dh-draft:";
  // On the case page after a successful save: forget the draft of that form.
  document.querySelectorAll("[data-clear-draft]").forEach(function (el) {
    store.removeItem(PREFIX + el.getAttribute("data-clear-draft"));
  });
  var form = document.querySelector("form[data-draft-key]");
  if (!form) { return; }
  var key = PREFIX + form.getAttribute("data-draft-key");
  var fields = form.querySelectorAll("input:not([type=hidden]), textarea");
  function save() {
    var data = {};
    fields.forEach(function (f) {
      if (f.type === "radio") { if (f.checked) { data[f.name] = f.value; } }
      else { data[f.name] = f.value; }
    });
    try { store.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full: ignore */ }
  }
  // A page shown with errors already carries what was typed: the server wins.
  var raw = form.querySelector(".errors") ? null : store.getItem(key);
  if (raw) {
    try {
      var data = JSON.parse(raw);
      fields.forEach(function (f) {
        if (!(f.name in data)) { return; }
        if (f.type === "radio") { f.checked = (f.value === data[f.name]); }
        else if (data[f.name]) { f.value = data[f.name]; }
      });
    } catch (e) { store.removeItem(key); }
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
})();
