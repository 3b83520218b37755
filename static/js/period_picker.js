// The report period picker (templates/reports/_period_picker.html): picking "Từ ngày … đến
// ngày …" under Kỳ báo cáo opens the folded date fields, so what is to be filled in next is in
// view. Focus stays on the list. Without script the fields are one tap away, and open by
// themselves when the custom period is the one shown or a date has an error.
(function () {
  "use strict";
  var CUSTOM = "C";
  document.querySelectorAll("form.period-picker").forEach(function (form) {
    var kind = form.querySelector("select[name=ky]");
    var dates = form.querySelector("details.custom-dates");
    if (!kind || !dates) return;
    kind.addEventListener("change", function () {
      if (kind.value === CUSTOM) dates.open = true;
    });
  });
})();
