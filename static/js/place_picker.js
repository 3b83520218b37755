/* The khu dân cư picker: as the user types (with or without diacritics), ask the server for
   matching places and offer them in the input's <datalist>. No library. */
(function () {
  "use strict";
  document.querySelectorAll("input[data-place-search]").forEach(function (input) {
    if (input.dataset.placePickerReady) { return; }
    input.dataset.placePickerReady = "1";
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (q.length < 2 || q === last || /\(\S+\)$/.test(q)) { return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        last = q;
        fetch(input.dataset.placeSearch + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.innerHTML = "";
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.label;
              list.appendChild(option);
            });
          })
          .catch(function () { /* offline: the code can still be typed */ });
      }, 200);
    });
  });
})();
