// Vote page: show the sum of the ticked proposals and the budget left while ticking.
// Progressive enhancement: without this the server checks the sum on submit and names it.
(function () {
  "use strict";
  // amounts in cents, so sums stay exact; German format like Django's floatformat:"-2g"
  function cents(text) {
    return Math.round(parseFloat(text) * 100);
  }
  var euro = {
    format: function (amount) {
      var digits = amount % 100 === 0 ? 0 : 2;
      return new Intl.NumberFormat("de-DE", { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
        amount / 100
      );
    },
  };

  function update(fieldset, output) {
    var budget = cents(fieldset.getAttribute("data-budget"));
    var chosen = 0;
    fieldset.querySelectorAll("input[type=checkbox][data-cost]").forEach(function (box) {
      if (box.checked) chosen += cents(box.getAttribute("data-cost"));
    });
    var left = budget - chosen;
    var text = "Ausgewählt: " + euro.format(chosen) + " € von " + euro.format(budget) + " €. ";
    if (left >= 0) {
      text += "Noch übrig: " + euro.format(left) + " €.";
    } else {
      text += "Das sind " + euro.format(-left) + " € zu viel – bitte weniger auswählen.";
    }
    output.textContent = text;
    output.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset[data-budget]").forEach(function (fieldset) {
      var output = fieldset.querySelector(".budget-total");
      if (!output) return;
      update(fieldset, output);
      fieldset.addEventListener("change", function () {
        update(fieldset, output);
      });
    });
  });
})();
