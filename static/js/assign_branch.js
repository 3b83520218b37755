// The assign form: choosing a branch narrows the mentor list to its members and to respected
// persons without a branch (the form refuses any other pair on submit).
(function () {
  "use strict";
  document.querySelectorAll("select[data-narrows]").forEach(function (branch) {
    var mentor = document.getElementById(branch.getAttribute("data-narrows"));
    if (!mentor) { return; }
    function narrow() {
      var chosen = branch.value;
      Array.prototype.forEach.call(mentor.options, function (option) {
        var own = option.getAttribute("data-branch");
        var fits = !option.value || !chosen || own === "" || own === null || own === chosen;
        option.hidden = !fits;
        option.disabled = !fits;
        if (!fits && option.selected) { mentor.value = ""; }
      });
    }
    branch.addEventListener("change", narrow);
    narrow();
  });
})();
