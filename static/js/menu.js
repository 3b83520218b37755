/* The main menu on a phone: folded behind one "Menu" button so that it takes one row, not a
   third of the screen. Loaded right after the header (no flash of the full menu); without
   script the menu simply shows in full. */
(function () {
  "use strict";
  var button = document.querySelector(".menu-toggle");
  var panel = document.getElementById("main-menu");
  if (!button || !panel) { return; }
  document.documentElement.classList.add("js-menu");
  button.hidden = false;
  function set(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    panel.classList.toggle("open", open);
  }
  button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && panel.classList.contains("open")) { set(false); button.focus(); }
  });

  // The person's own menu (a <details> behind their name) closes on Escape or a tap elsewhere.
  var mine = document.querySelector("details.usermenu");
  if (mine) {
    document.addEventListener("click", function (e) {
      if (mine.open && !mine.contains(e.target)) { mine.open = false; }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && mine.open) { mine.open = false; mine.querySelector("summary").focus(); }
    });
  }
})();
