/* Keeps what a person typed in a form marked data-draft-key (the visit form, the quarterly
   review draft) in the phone's storage until the server has saved it, so that a lost
   connection, a closed tab or a refused submit (a stale CSRF token after logging in again
   elsewhere) does not lose it. Loaded on every page; no library, no network.

   The server says a draft was saved with ?saved=<key> on the page it redirects to (or a
   [data-clear-draft] element); that copy is then forgotten. */
(function () {
  "use strict";
  var store;
  try { store = window.localStorage; } catch (e) { return; }
  if (!store) { return; }
  var PREFIX = "dh-draft:";
  function forget(name) { if (name) { store.removeItem(PREFIX + name); } }
  document.querySelectorAll("[data-clear-draft]").forEach(function (el) { forget(el.getAttribute("data-clear-draft")); });
  try { forget(new URLSearchParams(window.location.search).get("saved")); } catch (e) { /* old browser */ }

  var form = document.querySelector("form[data-draft-key]");
  if (!form) { return; }
  var key = PREFIX + form.getAttribute("data-draft-key");
  var fields = form.querySelectorAll("input:not([type=hidden]):not([type=submit]), textarea, select");
  function save() {
    var data = {};
    fields.forEach(function (f) {
      if (!f.name) { return; }
      if (f.type === "radio") { if (f.checked) { data[f.name] = f.value; } }
      else if (f.type === "checkbox") {
        data[f.name] = data[f.name] || [];
        if (f.checked) { data[f.name].push(f.value); }
      }
      else { data[f.name] = f.value; }
    });
    try { store.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full: ignore */ }
  }
  // A page shown with errors already carries what was typed: the server wins.
  var raw = form.querySelector(".errors, .error") ? null : store.getItem(key);
  if (raw) {
    try {
      var data = JSON.parse(raw);
      fields.forEach(function (f) {
        if (!(f.name in data)) { return; }
        var value = data[f.name];
        if (f.type === "radio") { f.checked = (f.value === value); }
        else if (f.type === "checkbox") { f.checked = Array.isArray(value) && value.indexOf(f.value) !== -1; }
        else if (value) { f.value = value; }
      });
      var text = form.getAttribute("data-draft-restored");  // translated by the template
      if (text) {
        var note = document.createElement("p");
        note.className = "note draft-restored";
        note.setAttribute("role", "status");
        note.textContent = text;
        form.insertBefore(note, form.firstChild);
      }
    } catch (e) { store.removeItem(key); }
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
})();
