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
    if (document.documentElement.hasAttribute("data-kb-pdf")) {
      return; /* the PDF printer writes the date it made the PDF */
    }
    document.querySelectorAll("[data-kb-print-date]").forEach(function (element) {
      element.textContent = "Printed on " + today() + ".";
    });
  }

  /* On paper a link cannot be followed: a link to another page of this site prints that
     page's full address after it (print.css), as links to other sites print theirs. Links
     within the page, glossary words and a document's contents keep their words only. */
  function writeOutAddresses() {
    /* The page's address on the site itself, not wherever this copy is opened from. */
    var canonical = document.querySelector("link[rel='canonical']");
    var base = canonical ? canonical.href : location.href;
    var here = base.split("#")[0];
    document.querySelectorAll(".md-content a[href]:not([data-kb-address])").forEach(
      function (link) {
        var href = link.getAttribute("href");
        if (/^([a-z]+:|\/\/|#)/i.test(href) || link.closest(".kb-toc, .kb-page-actions") ||
            link.classList.contains("kb-term") || link.hasAttribute("download")) {
          return;
        }
        var address = new URL(href, base).href;
        if (address.split("#")[0] !== here) {
          link.setAttribute("data-kb-address", address);
        }
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
  writeOutAddresses();
  window.addEventListener("beforeprint", function () {
    stampPrintDate();
    openCollapsedBlocks();
  });
  window.addEventListener("afterprint", restoreCollapsedBlocks);
})();
