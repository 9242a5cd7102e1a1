/* Glossary words, with JavaScript (without it, everything still works: see glossary.css).

   In an article: each word explained on the page (a link to its entry in the hidden list
   "Words used on this page", written by mskb.pages.glossary) becomes a button that opens a
   popover copy of the entry beside it. The browser opens and closes the popover (a tap, Enter
   or Space; Escape or a tap outside closes it), tells screen readers whether it is open, and
   takes the keyboard into it next. The list itself stays as it is, for paper.

   On the glossary page: "Back to <the page the reader came from>", beside the entry the reader
   came to see. Where the reader came from is kept for this tab only (sessionStorage) when they
   follow a link to the glossary; the pages send no referrer, so the browser cannot tell. */
(function () {
  "use strict";

  var KEY = "kb-glossary-from";
  var FRESH_MS = 60 * 1000; /* a link followed longer ago than this was not the way here */

  function text(node) {
    return (node && node.textContent || "").replace(/\s+/g, " ").trim();
  }

  function hideButton(popup, source) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = source.className;
    button.textContent = source.textContent;
    button.setAttribute("popovertarget", popup.id);
    button.setAttribute("popovertargetaction", "hide");
    return button;
  }

  /* A popover with the entry's term, definition and links. */
  function popupFor(entry) {
    var term = entry.querySelector("dt");
    var definition = entry.querySelector("dd");
    if (!term || !definition) { return null; }
    var popup = document.createElement("span");
    popup.className = "kb-term__popup";
    popup.id = entry.id + "-popup";
    popup.setAttribute("popover", "auto");
    var title = document.createElement("strong");
    title.className = "kb-term__title";
    title.textContent = text(term);
    popup.append(title, " ");
    definition.childNodes.forEach(function (node) {
      popup.appendChild(node.cloneNode(true));
    });
    popup.querySelectorAll("[id]").forEach(function (element) { element.removeAttribute("id"); });
    popup.querySelectorAll("a.kb-words__close").forEach(function (close) {
      close.replaceWith(hideButton(popup, close));
    });
    return popup;
  }

  function upgradeWords() {
    if (!HTMLElement.prototype.hasOwnProperty("popover")) { return; } /* older browsers */
    document.querySelectorAll("a.kb-term[href^='#']").forEach(function (link) {
      var entry = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!entry || !entry.classList.contains("kb-words__entry")) { return; }
      var popup = popupFor(entry);
      if (!popup) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = link.className;
      button.id = link.id;
      button.textContent = link.textContent;
      link.replaceWith(button);
      button.after(popup); /* in the document before it is named as the button's target */
      button.setAttribute("popovertarget", popup.id); /* which also says "expanded" or not */
    });
  }

  function isGlossaryLink(link) {
    return link.origin === location.origin && /\/glossary\/$/.test(link.pathname);
  }

  /* Remember the page (and the word) the reader leaves for the glossary. */
  function rememberWhereFrom(event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || !isGlossaryLink(link) || isGlossaryLink(location)) { return; }
    var heading = document.querySelector(".md-content h1");
    var popup = link.closest(".kb-term__popup");
    var word = popup && popup.previousElementSibling;
    var back = location.pathname + location.search + (word && word.id ? "#" + word.id : "");
    try {
      sessionStorage.setItem(KEY, JSON.stringify({
        url: back, title: text(heading) || document.title, time: Date.now()
      }));
    } catch (error) { /* storage switched off: the Back button still works */ }
  }

  function cameFrom() {
    var from;
    try { from = JSON.parse(sessionStorage.getItem(KEY) || "null"); } catch (error) { return null; }
    if (!from || typeof from.url !== "string" || typeof from.title !== "string") { return null; }
    var url;
    try { url = new URL(from.url, location.href); } catch (error) { return null; }
    if (url.origin !== location.origin || isGlossaryLink(url)) { return null; }
    /* Reloaded, or come back to with the Back button: still the same visit. */
    var visit = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    var reloaded = visit && visit.type !== "navigate";
    if (!reloaded && !(Date.now() - from.time < FRESH_MS)) { return null; }
    return {url: url.href, title: from.title};
  }

  function showWayBack() {
    var glossary = document.querySelector(".kb-glossary");
    var from = glossary && cameFrom();
    if (!from) { return; }
    var paragraph = document.createElement("p");
    paragraph.className = "kb-glossary-back";
    var link = document.createElement("a");
    link.href = from.url;
    var arrow = document.createElement("span");
    arrow.setAttribute("aria-hidden", "true");
    arrow.textContent = "\u2190\u00a0";
    link.append(arrow, "Back to " + from.title);
    paragraph.appendChild(link);
    var target = location.hash &&
      document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === "DT" && target.nextElementSibling) {
      target.nextElementSibling.appendChild(paragraph); /* inside the entry's <dd> */
    } else {
      var bar = document.querySelector(".md-content .kb-az") || glossary;
      bar.before(paragraph);
    }
  }

  upgradeWords();
  showWayBack();
  document.addEventListener("click", rememberWhereFrom);
})();
