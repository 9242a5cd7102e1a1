/* Compare treatments (/treatments/compare/): a "Compare" checkbox in every row of the tables;
   with two to four ticked, a side-by-side table of them (facts as rows, treatments as
   columns) above the tables, and a bar at the foot of the screen that says what is picked.
   A fifth pick is refused with a message. Loaded on every page: anywhere without the
   comparison ([data-kb-compare]) it stops at once. Without JavaScript the tables show in full.
   No inline styles (the Content-Security-Policy forbids them): compare.css does the layout. */
(function () {
  "use strict";

  var root = document.querySelector("[data-kb-compare]");
  // Not on other pages, and not in the whole guide (print_page/), which is for paper.
  if (!root || root.closest("#print-site-page")) { return; }

  var MIN = 2;
  var MAX = 4;
  var NOT_GIVEN = "Not yet given";
  var tables = Array.prototype.slice.call(root.querySelectorAll("table.kb-compare__table"));
  if (!tables.length) { return; }

  // The facts compared, from the first table's column headers (the template writes them).
  var facts = Array.prototype.map.call(
    tables[0].querySelectorAll("thead th[data-kb-fact]"),
    function (th) { return th.textContent.trim(); });

  var treatments = {};  // slug -> {name, href, row, box}
  var picked = [];      // slugs, in the order they were picked

  function make(tag, className, text) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (text) { element.textContent = text; }
    return element;
  }

  function button(text, onClick) {
    var element = make("button", "md-button kb-action", text);
    element.type = "button";
    element.addEventListener("click", onClick);
    return element;
  }

  function list(names) {
    if (names.length < 2) { return names.join(""); }
    return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }

  function nameOf(slug) { return treatments[slug].name; }

  // ---- What the reader sees and hears --------------------------------------------------------

  var how = make("p", "kb-compare__how",
    "To see two to four treatments side by side, tick \u201cCompare\u201d in their rows. " +
    "They will appear here, in a table of their own.");
  how.id = "kb-compare-how";
  how.tabIndex = -1;

  // Announced to screen readers; the bar shows the gist on screen.
  var live = make("p", "kb-visually-hidden kb-compare__live");
  live.setAttribute("role", "status");

  var side = make("section", "kb-compare__side");
  side.id = "side-by-side";
  side.tabIndex = -1;
  side.hidden = true;
  side.setAttribute("aria-labelledby", "kb-compare-side-title");

  var bar = make("div", "kb-compare__bar");
  bar.hidden = true;
  var barText = make("p");
  var seeLink = make("a", "md-button kb-action", "See side by side");
  seeLink.href = "#side-by-side";
  seeLink.addEventListener("click", function (event) {
    event.preventDefault();
    side.focus();
  });
  bar.append(barText, seeLink, button("Clear", function () { clear(); }));

  root.prepend(how, live, side);
  root.append(bar);

  // ---- A checkbox in every row ---------------------------------------------------------------

  tables.forEach(function (table) {
    var header = table.querySelector("thead tr");
    var column = make("th", "kb-compare__pick", "Compare");
    column.scope = "col";
    header.append(column);
    table.querySelectorAll("tbody tr[data-kb-treatment]").forEach(function (row) {
      var slug = row.getAttribute("data-kb-treatment");
      var link = row.querySelector("th a");
      var name = (link || row.querySelector("th")).textContent.trim();
      var box = make("input");
      box.type = "checkbox";
      box.value = slug;
      box.id = "kb-compare-pick-" + slug;
      var label = make("label");
      label.htmlFor = box.id;
      // The visible word, then the treatment's name for screen readers.
      label.append(box, make("span", "", "Compare"),
                   make("span", "kb-visually-hidden", " " + name));
      var cell = make("td", "kb-compare__pick");
      cell.append(label);
      row.append(cell);
      treatments[slug] = {name: name, href: link ? link.getAttribute("href") : null,
                          row: row, box: box};
    });
  });

  function values(slug) {
    var cells = treatments[slug].row.querySelectorAll("td[data-label]");
    return facts.map(function (fact, index) {
      return cells[index] ? cells[index].textContent.trim() : NOT_GIVEN;
    });
  }

  // ---- The side-by-side table ----------------------------------------------------------------

  function renderSide() {
    side.replaceChildren();
    if (picked.length < MIN) {
      side.hidden = true;
      return;
    }
    var table = make("table", "kb-compare__table kb-compare__table--side");
    table.setAttribute("data-kb-count", String(picked.length));
    var caption = make("caption");
    var title = make("h2", "", "Side by side: " + list(picked.map(nameOf)));
    title.id = "kb-compare-side-title";
    caption.append(title);

    var head = make("thead");
    var headRow = make("tr");
    headRow.append(make("td"));
    picked.forEach(function (slug) {
      var th = make("th");
      th.scope = "col";
      var treatment = treatments[slug];
      if (treatment.href) {
        var link = make("a", "", treatment.name);
        link.href = treatment.href;
        th.append(link);
      } else {
        th.textContent = treatment.name;
      }
      headRow.append(th);
    });
    head.append(headRow);

    var body = make("tbody");
    var columns = picked.map(values);
    facts.forEach(function (fact, index) {
      var row = make("tr");
      var th = make("th", "", fact);
      th.scope = "row";
      row.append(th);
      columns.forEach(function (column, which) {
        var cell = make("td", "", column[index]);
        // The treatment's name, shown before the value when the view is narrow (compare.css).
        cell.setAttribute("data-label", nameOf(picked[which]));
        row.append(cell);
      });
      body.append(row);
    });
    table.append(caption, head, body);

    var actions = make("p", "kb-compare__actions");
    actions.append(button("Clear and pick again", function () { clear(); }));
    side.append(table, actions);
    side.hidden = false;
  }

  // ---- Picking -------------------------------------------------------------------------------

  // What is picked: in full for screen readers (`live`), in a few words on the bar.
  function say(message, short) {
    // The same words twice (a fifth pick refused again) must be announced again too.
    live.textContent = live.textContent === message ? message + "\u00a0" : message;
    barText.textContent = short;
  }

  function update(change) {
    var count = picked.length;
    renderSide();
    bar.hidden = count === 0;
    document.documentElement.classList.toggle("kb-compare-picking", count > 0);
    seeLink.hidden = count < MIN;
    if (count === 0) {
      say(change + "Nothing is picked.", "Nothing picked");
    } else if (count < MIN) {
      say(change + nameOf(picked[0]) + " is picked. Pick at least one more to compare.",
          "1 picked: pick one more");
    } else {
      say(change + count + " treatments are side by side, above the tables: " +
          list(picked.map(nameOf)) + ".", count + " picked");
    }
  }

  function clear() {
    picked.forEach(function (slug) { treatments[slug].box.checked = false; });
    picked = [];
    update("Cleared. ");
    how.focus();
  }

  root.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches(".kb-compare__pick input[type=checkbox]")) { return; }
    var slug = box.value;
    if (box.checked) {
      if (picked.length >= MAX) {
        box.checked = false;
        say("You can compare up to four treatments at a time. Untick one before you pick " +
            nameOf(slug) + ".", "Four is the most: untick one first");
        return;
      }
      if (picked.indexOf(slug) < 0) { picked.push(slug); }
      update(picked.length < MIN ? "" : nameOf(slug) + " added. ");
    } else {
      picked = picked.filter(function (other) { return other !== slug; });
      update(nameOf(slug) + " removed. ");
    }
  });
})();
