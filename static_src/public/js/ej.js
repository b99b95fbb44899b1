// Optional enhancements: every page works without this file.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  document.addEventListener("submit", function (event) {
    var form = event.target;

    // <form data-confirm="Delete this comment?"> asks before submitting.
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }

    // Disable the submit buttons once the form is sent, so a double click sends it once.
    var buttons = form.querySelectorAll("button[type=submit]:not(:disabled)");
    window.setTimeout(function () {
      buttons.forEach(function (button) {
        button.disabled = true;
        button.setAttribute("data-ej-sent", "");
      });
    }, 0);
  });

  // Back-button navigation restores the page as it was left: enable those buttons again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("button[data-ej-sent]").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("data-ej-sent");
      });
    }
  });
})();
