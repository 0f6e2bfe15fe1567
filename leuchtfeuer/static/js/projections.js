// Scenario editor: show only the fields a measure's kind uses (the form works without this).
(function () {
  "use strict";
  var USED = {
    "": [],
    returnees: ["count", "age_from", "age_to", "start_year", "end_year"],
    fewer_out_moves: ["percent", "age_from", "age_to", "start_year", "end_year"],
    families: ["count", "start_year", "end_year"],
  };
  var ALL = ["count", "percent", "age_from", "age_to", "start_year", "end_year"];

  function update(fieldset) {
    var select = fieldset.querySelector("select[name$='-kind']");
    if (!select) return;
    var used = USED[select.value] || ALL;
    ALL.forEach(function (name) {
      var input = fieldset.querySelector("[name$='-" + name + "']");
      if (!input) return;
      var wrapper = input.closest(".field");
      if (wrapper) wrapper.hidden = used.indexOf(name) === -1;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset[data-measure]").forEach(function (fieldset) {
      update(fieldset);
      var select = fieldset.querySelector("select[name$='-kind']");
      if (select) select.addEventListener("change", function () { update(fieldset); });
    });
  });
})();
