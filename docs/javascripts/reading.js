/* Reading aids built into the theme: a text-size button (four steps, remembered on this device
   only, in localStorage) and a name for Material's search dialog. No third-party code. */
(function () {
  "use strict";

  var KEY = "kb-text-size";
  var LABELS = ["standard", "large", "larger", "largest"];

  function current() {
    var value = Number(document.documentElement.getAttribute("data-kb-text-size") || 0);
    return value >= 0 && value < LABELS.length ? value : 0;
  }

  function apply(step) {
    if (step) {
      document.documentElement.setAttribute("data-kb-text-size", String(step));
    } else {
      document.documentElement.removeAttribute("data-kb-text-size");
    }
    try {
      if (step) { localStorage.setItem(KEY, String(step)); } else { localStorage.removeItem(KEY); }
    } catch (error) { /* storage switched off: the size still applies to this page */ }
    document.querySelectorAll("[data-kb-text-size-label]").forEach(function (label) {
      label.textContent = LABELS[step];
    });
  }

  document.querySelectorAll("button[data-kb-text-size]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      apply((current() + 1) % LABELS.length);
    });
  });
  apply(current());

  /* Material's search dialog has no accessible name. */
  document.querySelectorAll(".md-search[role='dialog']").forEach(function (dialog) {
    dialog.setAttribute("aria-label", "Search this site");
  });
})();
