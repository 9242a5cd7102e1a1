"""Reader-first pages (issue 12) as a reader on a phone meets them, measured in Chromium at
375 x 800: the title first, a compact row of actions, and pages that end within reach."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Issue 12's targets: the whole page's height at 375 x 800 (the article, its lists and the
# footer). Before the change: Stiffness 18,071 px, Baclofen 12,219 px.
MAX_HEIGHT = {"types/stiffness/": 10_000, "treatments/baclofen/": 9_000}

ACTIONS_JS = """() => {
  const row = document.querySelector('.kb-page-actions');
  const h1 = document.querySelector('article h1');
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const controls = [...row.children].filter(el => el.checkVisibility());
  const tops = new Set(controls.map(el => Math.round(el.getBoundingClientRect().top)));
  return {
    h1Top: h1.getBoundingClientRect().top, headerBottom: header.bottom,
    rowTop: row.getBoundingClientRect().top, h1Bottom: h1.getBoundingClientRect().bottom,
    lines: tops.size, count: controls.length,
    smallest: Math.min(...controls.map(el => el.getBoundingClientRect().height)),
    before: [...document.querySelectorAll('article > *')].indexOf(h1),
  };
}"""


def _open(browser, server, url, **options):
    page = browser.new_page(viewport={"width": 375, "height": 800}, **options)
    page.goto(server + url, wait_until="networkidle")
    return page


@pytest.mark.parametrize("url", MAX_HEIGHT)
def test_a_topic_page_ends_within_its_height_target(browser, server, url):
    page = _open(browser, server, url)
    height = page.evaluate("document.documentElement.scrollHeight")
    page.close()
    assert height <= MAX_HEIGHT[url], f"/{url} is {height} px tall at 375 px"


@pytest.mark.parametrize("url", ["treatments/baclofen/", "types/stiffness/", "guides/triggers/"])
def test_the_title_comes_first_and_the_actions_fit_two_lines(browser, server, url):
    page = _open(browser, server, url)
    found = page.evaluate(ACTIONS_JS)
    page.close()
    assert found["before"] == 0, "nothing in the article comes before its title"
    # Only the header (and Material's top margin) above the title.
    assert found["h1Top"] - found["headerBottom"] < 60
    assert found["rowTop"] >= found["h1Bottom"]
    assert found["count"] >= (3 if url.startswith(("treatments/", "types/")) else 2)
    assert found["lines"] <= 2, f"the actions take {found['lines']} lines"
    assert found["smallest"] >= 44


LAYOUT_SHIFT_JS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


@pytest.mark.parametrize("url", ["treatments/baclofen/", "types/stiffness/", "glossary/"])
def test_the_article_does_not_jump_when_the_scripts_start(browser, server, url):
    # The buttons that need scripts, and the glossary's words, must not push the text down
    # once the page is drawn (Lighthouse's cumulative layout shift; 0.1 is "good").
    page = _open(browser, server, url)
    shift = page.evaluate(LAYOUT_SHIFT_JS)
    page.close()
    assert shift < 0.02, f"/{url} shifts by {shift:.3f}"
