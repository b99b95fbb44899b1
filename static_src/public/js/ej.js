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

// Conversations: forms inside a [data-ej-region] (voting, commenting, favourites) are sent in
// the background and the region is replaced by the server's new version of it, without a
// reload. Anything unexpected falls back to the ordinary form submission.
(function () {
  "use strict";

  var live = null;

  function announce(message) {
    if (!message) return;
    if (!live) {
      live = document.createElement("div");
      live.className = "ej-live";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = message;
    }, 50);
  }

  function replaceRegion(region, html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var fresh = template.content.firstElementChild;
    if (!fresh) return;
    region.replaceWith(fresh);
    var target = fresh.querySelector("[data-ej-focus]");
    if (target) target.focus();
  }

  function showError(region, message) {
    var box = region.querySelector(".ej-region-error");
    if (!box) {
      box = document.createElement("div");
      box.className = "message message--error ej-region-error";
      box.setAttribute("role", "alert");
      region.prepend(box);
    }
    box.textContent = message;
  }

  function fallback(form, submitter) {
    form.setAttribute("data-ej-plain", "");
    if (form.requestSubmit) {
      form.requestSubmit(submitter || undefined);
    } else {
      form.submit();
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var region = form.closest("[data-ej-region]");
    if (!region || form.hasAttribute("data-ej-plain") || !window.fetch) return;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    event.preventDefault();
    var submitter = event.submitter;
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) {
      button.disabled = true;
    });
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) throw new Error("not json");
        return response.json();
      })
      .then(function (payload) {
        if (payload.html) {
          replaceRegion(region, payload.html);
          announce(payload.message);
        } else {
          buttons.forEach(function (button) {
            button.disabled = false;
          });
          showError(region, payload.error || "");
          announce(payload.error);
        }
      })
      .catch(function () {
        buttons.forEach(function (button) {
          button.disabled = false;
        });
        fallback(form, submitter);
      });
  });

  // While a comment card has the focus, A, D and S vote agree, disagree and skip.
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    var target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) return;
    var card = target.closest("[data-ej-vote-card]");
    if (!card) return;
    var key = (event.key || "").toLowerCase();
    var button = card.querySelector('button[data-ej-key="' + key + '"]');
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  });

  // Moderation: a button that ticks (or unticks) every checkbox of a list.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-ej-check-all]");
    if (!toggle) return;
    var boxes = document.querySelectorAll(
      'input[type=checkbox][name="' + toggle.getAttribute("data-ej-check-all") + '"]'
    );
    var tick = Array.prototype.some.call(boxes, function (box) {
      return !box.checked;
    });
    boxes.forEach(function (box) {
      box.checked = tick;
    });
  });
})();
