/* Printing helpers: the "Print this page" button, the date a printout was made, and
   collapsed blocks opened for paper. Without JavaScript the page still prints (the browser's
   own Print command); only the button stays hidden. */
(function () {
  "use strict";

  function today() {
    return new Date().toLocaleDateString("en-GB", {
      day: "numeric", month: "long", year: "numeric"
    });
  }

  function stampPrintDate() {
    document.querySelectorAll("[data-kb-print-date]").forEach(function (element) {
      element.textContent = "Printed on " + today() + ".";
    });
  }

  var opened = [];

  function openCollapsedBlocks() {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  }

  function restoreCollapsedBlocks() {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  }

  document.querySelectorAll("[data-kb-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  stampPrintDate();
  window.addEventListener("beforeprint", function () {
    stampPrintDate();
    openCollapsedBlocks();
  });
  window.addEventListener("afterprint", restoreCollapsedBlocks);
})();
