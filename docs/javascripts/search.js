/* The site's search: Material's search dialog (partials/kb-search.html), answered by Pagefind's
   index (pagefind/, written after the build by mskb.search). No third-party code.

   Nothing of Pagefind is loaded with the page: its code (pagefind/pagefind.js and its
   WebAssembly) and the parts of the index for the words typed are fetched from this site only
   when the reader opens the search (the header button, a click in the search field, or the
   keys "/", "s" and "f", as in Material). Results are drawn into Material's result list, with
   the title and an excerpt with the words found marked, five at a time: each result's excerpt
   is a file of its own, so the next five are fetched only when the reader asks for them. */
(function () {
  "use strict";

  var dialog = document.querySelector("[data-kb-search]");
  var toggle = document.getElementById("__search");
  var form = dialog && dialog.querySelector("form");
  var query = dialog && dialog.querySelector("[data-kb-search-query]");
  var meta = dialog && dialog.querySelector("[data-kb-search-meta]");
  var list = dialog && dialog.querySelector("[data-kb-search-list]");
  var more = dialog && dialog.querySelector("[data-kb-search-more]");
  if (!toggle || !form || !query || !meta || !list || !more) return;
  /* Results drawn at a time, as in Pagefind's own interface: each one's excerpt is a file of
     its own (2 to 3 KB gzip), fetched when it is drawn. */
  var PAGE = 5;
  var pagefind = null;
  var searched = 0; /* the number of the latest search, so an older answer is dropped */
  var shown = ""; /* the words whose results are shown */
  var answer = []; /* every result for those words, of which the first `drawn` are drawn */
  var answered = 0; /* the number of the search they answer */
  var drawn = 0;
  var busy = false; /* the next results are being fetched */
  var timer = 0;

  /* The site's root, from Material's configuration (a path relative to this page). */
  function siteRoot() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* stay at "." */ }
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function load() {
    if (!pagefind) {
      var root = siteRoot();
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        /* noWorker: Pagefind searches in the page rather than in a worker of its own, whose
           script would cost the reader 12 KB more (gzip) on their first search; a search of
           5,000 articles takes milliseconds either way. The site's policy allows no worker. */
        var settings = { baseUrl: root.pathname, excerptLength: 24, noWorker: true };
        return module.options(settings).then(function () {
          return module;
        });
      });
      pagefind.catch(function () {
        pagefind = null;
        say("Search could not be loaded. Check your connection and try again.");
      });
    }
    return pagefind;
  }

  function say(text) {
    meta.textContent = text;
  }

  /* An excerpt is HTML (the page's text, escaped, with <mark> around the words found): it is
     parsed inertly and only its text and <mark> elements are kept. */
  function excerpt(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body;
    var teaser = document.createElement("p");
    teaser.className = "md-search-result__teaser";
    parsed.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        teaser.appendChild(mark);
      } else {
        teaser.appendChild(document.createTextNode(node.textContent));
      }
    });
    return teaser;
  }

  function item(result) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = result.url;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = (result.meta && result.meta.title) || result.url;
    article.append(icon, title, excerpt(result.excerpt || ""));
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  /* The search under way and the words whose results are drawn, on the list for anyone
     checking what the search is doing (the browser tests and mskb.maintenance.searchcost). */
  function searching(words) {
    if (words === null) list.removeAttribute("data-kb-searching");
    else list.setAttribute("data-kb-searching", words);
  }

  function showing(words) {
    shown = words;
    list.setAttribute("data-kb-search-shown", words);
  }

  /* Draw `results`, the answer of the search numbered `number`, from the one at `from` on (up
     to PAGE of them) once their excerpts have arrived; false, drawing nothing, if a newer
     search has started meanwhile. */
  function draw(number, results, from) {
    return Promise.all(results.slice(from, from + PAGE).map(function (r) { return r.data(); }))
      .then(function (data) {
        if (number !== searched) return false;
        var items = data.map(item);
        if (from === 0) list.replaceChildren.apply(list, items);
        else list.append.apply(list, items);
        answer = results;
        answered = number;
        drawn = from + items.length;
        var total = results.length;
        say(total === 0 ? "No matching documents"
          : total === 1 ? "1 matching document"
          : total + " matching documents" + (total > drawn ? ", " + drawn + " shown" : ""));
        more.hidden = drawn >= total;
        return true;
      });
  }

  function failed(number) {
    if (number !== searched) return;
    searching(null);
    say("Search could not be loaded. Check your connection and try again.");
  }

  function run() {
    var words = query.value.trim();
    /* Numbered first, so that a search still under way for other words is dropped. */
    var number = ++searched;
    if (words === shown) {
      /* A space typed, say, or the words typed back to those shown: they are still the answer. */
      answered = number;
      searching(null);
      return;
    }
    if (!words) {
      answer = [];
      answered = number;
      drawn = 0;
      list.replaceChildren();
      more.hidden = true;
      say("Type to start searching");
      searching(null);
      showing("");
      return;
    }
    searching(words);
    load().then(function (module) {
      return module.search(words);
    }).then(function (found) {
      if (number !== searched) return null;
      return draw(number, found.results, 0).then(function (current) {
        if (!current) return;
        showing(words);
        searching(null);
      });
    }).catch(function () { failed(number); });
  }

  /* The next results, on the reader's asking: the focus moves to the first of them, so a
     keyboard or screen reader carries on from there. While they load the button stays
     focused (a disabled button would lose the focus) and says it is busy; a click then, or
     while a search for other words is under way, does nothing. */
  more.addEventListener("click", function () {
    var number = searched;
    var first = drawn;
    if (busy || answered !== number || first >= answer.length) return;
    busy = true;
    more.setAttribute("aria-disabled", "true");
    function done() {
      busy = false;
      more.removeAttribute("aria-disabled");
    }
    draw(number, answer, first).then(function (current) {
      done();
      var link = current && list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    }).catch(function () {
      done();
      failed(number);
    });
  });

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    query.focus();
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    /* Nothing in the closed dialog keeps the focus: the field, a result or the button. */
    if (dialog.contains(document.activeElement)) document.activeElement.blur();
  }

  /* What the arrow keys move through: the results, then the button for more of them. */
  function links() {
    var found = Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
    if (!more.hidden) found.push(more);
    return found;
  }

  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      load();
      query.focus();
    }
  });
  query.addEventListener("focus", function () {
    load();
    if (!toggle.checked) open();
  });
  /* Searching as the reader types, once they pause: each search that shows results fetches
     the excerpts of the five shown, so searching at every key would fetch them again and again
     (Pagefind's own interface waits 300 ms too). A word's first one or two letters match so
     many words that Pagefind would fetch a large part of its index for them: they wait a
     second, longer than a slow typist's pause between keys, in case more letters follow.
     "MS" alone, or "spasms at", is still searched once the reader stops. */
  query.addEventListener("input", function () {
    clearTimeout(timer);
    var words = query.value.trim();
    var last = words.split(/\s+/).pop();
    timer = setTimeout(run, words === "" ? 0 : last.length < 3 ? 1000 : 300);
  });
  /* Enter opens the first result (or the one chosen with the arrow keys); the form itself is
     never sent (the site's policy has form-action 'none'). */
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector(".md-search-result__link");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); query.focus(); }, 0);
  });

  /* Whether a key pressed on this element is the reader's typing (or choosing) in it, so a
     shortcut must leave it alone: text fields, checkboxes and buttons of forms, lists to pick
     from, editable text, and the summary of a details element (see Material's
     isSusceptibleToKeyboard, which this follows and widens). */
  function takesKeys(element) {
    if (!(element instanceof Element)) return false;
    return element.isContentEditable ||
      element.matches("input, select, textarea, summary, [role=textbox], [role=combobox], " +
                      "[role=listbox], [role=menu], [role=slider], [role=spinbutton]");
  }

  /* The keys work as in Material's search. With the search closed, "/", "s" and "f" open it,
     unless the reader is typing into a control or holds Ctrl, Alt or the command key (their
     browser's own shortcuts). With it open: Escape and Tab close it (so the keyboard moves on
     through the page and the dialog's overlay never stays over it), the arrows move through
     the results, and any other key goes on into the search field. */
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.isComposing) return;
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    if (!toggle.checked) {
      if ((event.key === "/" || event.key === "s" || event.key === "f") &&
          !takesKeys(document.activeElement)) {
        event.preventDefault();
        open();
      }
      return;
    }
    var found = links();
    var at = found.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Tab") {
      close(); /* not prevented: the focus moves on from the search field as usual */
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!found.length) return;
      event.preventDefault();
      var next = event.key === "ArrowDown" ? at + 1 : (at === -1 ? found.length : at) - 1;
      if (next < 0 || next >= found.length) query.focus();
      else found[next].focus();
    } else if (event.key.length === 1 && document.activeElement !== query &&
               !(event.key === " " && document.activeElement === more)) {
      query.focus(); /* typing while a result has focus goes on with the words */
    }
  });

  /* Choosing a result closes the search, as in Material (the page may be restored from the
     browser's back-forward cache with the search still open otherwise). */
  list.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("a")) close();
  });
})();
