// Leuchtfeuer: a few lines of vanilla JS on top of htmx. Pages work without it.
document.addEventListener("htmx:configRequest", function (event) {
  // Send Django's CSRF token with every htmx request.
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
});
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to an error summary so keyboard and screen-reader users hear it first.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
});
document.addEventListener("htmx:afterSwap", function (event) {
  // After htmx replaced a form with its errors, put keyboard focus on the error summary.
  var summary = event.detail.target.querySelector(".error-summary");
  if (summary) { summary.focus(); }
});
