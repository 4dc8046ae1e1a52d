"""End-to-end: the built site read in a real browser, the way a reader uses it.

The browser tests follow links from the home page to the claims index, through a verdict facet
to a claim, check the claim page's JSON-LD against what the page shows, and search the site
(Pagefind's index, loaded in pieces from the site's own folder) from the header's box, with a
verdict filter. Every page kind is opened at a phone's width (360 px) and a desktop's (1280 px): no page
may scroll sideways, no picture's text is drawn smaller than 11 px (a topic's timeline is drawn
a second time for narrow screens, and a screen reader meets one of the two), and on a claim or
media page the verdict is in view without scrolling on the phone. Screenshots of each go to $CLAIMKIT_SCREENSHOTS (else a temporary folder). On every
page kind at both widths axe-core (bundled with axe-playwright-python, so it runs offline) finds
no serious or critical violation, and the keyboard's path is sensible: the skip link first, no
positive tabindex, one tab stop per link (none inside another, never two in a row to one
address). No page requests anything from another host, a page with translations on other hosts
included. The last test needs no browser: it checks the JSON-LD block of every built HTML page.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

LD_JSON = 'script[type="application/ld+json"]'
FACET_VERDICT = "False"  # the verdict facet a reader picks on the claims index
# A word of one claim's explanation in the bundled records, on no other page and nowhere else on
# that one (the test checks both); a word on many claim pages; a verdict some of them have.
SEARCH_WORD = "Komarichi"
COMMON_WORD = "korean"
FILTER_VERDICT = "Unverified"
# One page of each kind: (name, path, which site: the bundled records or the v2 fixture).
PAGE_KINDS = [
    ("home", "", "bundled"),
    ("claim-list", "claims/", "bundled"),
    ("claim", "claims/north-korea-sent-10000-soldiers-to-russia/", "bundled"),
    ("claim-off-scale", "claims/north-korean-soldiers-deserted-near-border/", "bundled"),
    ("claim-not-reviewed", "claims/russia-searching-for-north-korean-deserters/", "bundled"),
    ("article", "articles/stripes-2024-10-17-north-korean-troops/", "bundled"),
    ("person", "people/dmitry-peskov/", "bundled"),
    ("organization", "organizations/kremlin/", "bundled"),
    ("topic", "topics/north-korea/", "bundled"),
    ("methodology", "methodology/", "bundled"),
    ("data", "data/", "bundled"),
    ("search", "search/", "bundled"),
    ("media", "media/parade-video/", "v2"),
    # A review with translations, one on another host: its hreflang alternates are in the
    # sitemap, so Material's script (which fetches sitemap.xml beside every <link
    # rel="alternate"> in a page's head) makes no request to that host.
    ("claim-translated", "claims/troops-arrived-uk/", "v2"),
]
PHONE = (360, 640)
DESKTOP = (1280, 900)
# The smallest text a picture may show, in CSS pixels, at either width.
SMALLEST_PICTURE_TEXT = 11.0
# Each picture in the page's content: its classes, whether a reader sees it (drawn more than a
# pixel wide and high), its rendered width, and the rendered size of its smallest text: the
# computed font size (in the picture's units) times the scale its viewBox is drawn at.
PICTURES = """() => [...document.querySelectorAll('article svg.ck-svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')]
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return {
    classes: svg.getAttribute('class').split(' '),
    seen: box.width > 1 && box.height > 1 && getComputedStyle(svg).display !== 'none',
    width: box.width,
    smallest: sizes.length ? Math.min(...sizes) : null,
  };
})"""


def expect(target: Any) -> Any:
    """Playwright's `expect`, imported late so that this module loads without Playwright."""
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=10_000)
    return playwright_expect(target)


def page_jsonld(page: Any) -> Any:
    """The page's one JSON-LD block, read from the DOM and parsed."""
    scripts = page.locator(LD_JSON)
    assert scripts.count() == 1, f"{page.url}: {scripts.count()} JSON-LD blocks, expected 1"
    text = scripts.first.text_content()
    assert text, f"{page.url}: the JSON-LD block is empty"
    return json.loads(text)


def heading(page: Any) -> str:
    """The text of the page's one h1, without a permalink mark."""
    h1 = page.locator("article.md-content__inner h1")
    assert h1.count() == 1, f"{page.url}: {h1.count()} h1 elements"
    return str(h1.inner_text()).removesuffix("¶").strip()


def path_of(page: Any) -> str:
    return str(urlsplit(page.url).path)


def assert_clean(problems: Any) -> None:
    """No script errors, no broken local requests, nothing fetched from another host."""
    assert not problems.errors, f"JavaScript errors: {problems.errors}"
    assert not problems.failed, f"failed requests: {problems.failed}"
    assert not problems.outside, (
        f"requests to other hosts (the site must work offline): {problems.outside}"
    )
    assert not problems.console, f"console errors: {problems.console}"


@pytest.mark.browser
def test_reader_goes_from_home_through_a_verdict_facet_to_a_claim(
    page: Any, site_url: str, problems: Any, screenshots: Path
) -> None:
    # Home: title, one WebSite JSON-LD block.
    page.goto(site_url)
    website = page_jsonld(page)
    assert website["@type"] == "WebSite", website
    site_name = website["name"]
    assert page.title().startswith(site_name), page.title()
    assert heading(page) == site_name
    expect(page.locator(".ck-badge").first).to_be_visible()
    page.screenshot(path=screenshots / "home.png", full_page=True)

    # "All N claims" leads to the claims index, which lists N claims.
    all_claims = page.get_by_role("link", name=re.compile(r"^All \d+ claims$"))
    total = int(re.findall(r"\d+", all_claims.inner_text())[0])
    all_claims.click()
    page.wait_for_url(re.compile(r"/claims/$"))
    assert heading(page) == "Claims"
    assert page_jsonld(page)["@type"] == "CollectionPage"
    rows = page.locator("article table tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() == min(total, 100)
    page.screenshot(path=screenshots / "claims.png", full_page=True)

    # The verdict facet filters the list to that verdict.
    chip = page.locator(".ck-facets a.ck-chip").filter(
        has_text=re.compile(rf"^{re.escape(FACET_VERDICT)} \(\d+\)$")
    )
    expect(chip).to_have_count(1)
    shown = int(re.findall(r"\((\d+)\)", chip.inner_text())[0])
    chip.click()
    page.wait_for_url(re.compile(r"/claims/verdict/[a-z0-9-]+/$"))
    assert heading(page) == f"Claims rated {FACET_VERDICT}"
    verdicts = page.locator("article table tbody tr .ck-verdict")
    expect(verdicts.first).to_be_visible()
    assert verdicts.all_inner_texts() == [FACET_VERDICT] * shown
    page.screenshot(path=screenshots / "facet.png", full_page=True)

    # A claim from the filtered list.
    claim_link = page.locator("article table tbody tr td:nth-child(2) a").first
    claim_title = claim_link.inner_text().strip()
    claim_link.click()
    page.wait_for_url(re.compile(r"/claims/[a-z0-9-]+/$"))
    assert heading(page) == claim_title

    review = page_jsonld(page)
    assert review["@type"] == "ClaimReview", review
    verdict = page.locator(".ck-lede .ck-verdict")
    expect(verdict).to_have_count(1)
    expect(verdict).to_be_visible()
    expect(verdict).to_have_text(FACET_VERDICT)
    assert review["reviewRating"]["alternateName"] == verdict.inner_text()
    assert review["claimReviewed"] == heading(page)
    assert urlsplit(review["url"]).path.endswith(path_of(page)), (review["url"], page.url)
    figure = page.locator(".ck-figure svg").first
    expect(figure).to_be_visible()
    page.screenshot(path=screenshots / "claim.png", full_page=True)

    assert_clean(problems)


def only_in_one_explanation(site: Path, word: str) -> str:
    """The one built page whose text holds `word`, checked to hold it only in its review's
    explanation (not its title, summary or anywhere else it shows; its JSON-LD, which no reader
    sees, holds the explanation too); its path, as a URL path."""
    pages = [
        p
        for p in site.rglob("*.html")
        if "pagefind" not in p.parts and word.casefold() in p.read_text("utf-8").casefold()
    ]
    assert len(pages) == 1, f"{word!r} is on {len(pages)} pages, not one: {pages}"
    html = re.sub(r"(?s)<script\b.*?</script>", "", pages[0].read_text("utf-8"))
    start = html.index('<div class="ck-explanation"')
    explanation = html[start : html.index("</div>", start)]
    rest = html[:start] + html[start + len(explanation) :]
    assert word.casefold() in explanation.casefold()
    assert word.casefold() not in rest.casefold(), f"{word!r} is elsewhere on the page too"
    return "/" + pages[0].parent.relative_to(site).as_posix() + "/"


def result_paths(page: Any) -> list[str]:
    links = page.locator("#ck-search-results li a")
    return [
        urlsplit(urljoin(page.url, h or "")).path
        for h in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    ]


def wait_for_results(page: Any) -> None:
    """Until the search page says what it found (Pagefind runs in the page, asynchronously)."""
    expect(page.locator("#ck-search-status")).to_have_text(re.compile(r"found|No page"))


@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone-360", "desktop-1280"])
def test_search_finds_a_word_of_an_explanation_and_filters_by_verdict(
    sized_page: Any,
    site_url: str,
    built_site: Path,
    problems: Any,
    screenshots: Path,
    size: tuple[int, int],
) -> None:
    """From the header's search box to the claim whose explanation alone holds a word; a
    verdict filter narrows a search to that verdict; the search page fits the screen and
    passes axe with results shown; everything it loads comes from the site's own folder."""
    from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]

    claim = only_in_one_explanation(built_site, SEARCH_WORD)
    width, height = size
    with sized_page(width, height) as page:
        page.goto(site_url)
        field = page.locator(".ck-search-box__input")
        if field.is_visible():
            field.fill(SEARCH_WORD)
            field.press("Enter")
        else:  # a phone's header has the search button alone, which opens the search page
            page.locator(".ck-search-box__button").click()
            page.wait_for_url(re.compile(r"/search/"))
            page.locator("#ck-search-q").press_sequentially(SEARCH_WORD, delay=20)
        wait_for_results(page)
        assert result_paths(page) == [claim]
        page.screenshot(path=screenshots / f"search-results-{width}.png", full_page=True)

        # A word on many claim pages, then only those with one verdict.
        page.locator("#ck-search-q").fill(COMMON_WORD)
        page.locator("#ck-search-q").press("Enter")
        wait_for_results(page)
        everything = result_paths(page)
        page.locator("#ck-search-verdict").select_option(FILTER_VERDICT)
        expect(page).to_have_url(re.compile(f"verdict={FILTER_VERDICT}"))
        wait_for_results(page)
        narrowed = result_paths(page)
        assert narrowed and len(narrowed) < len(everything), (narrowed, everything)
        assert set(narrowed) <= set(everything)
        verdicts = page.locator(".ck-search-result__verdict").all_inner_texts()
        assert verdicts and all(v == f"Verdict: {FILTER_VERDICT}" for v in verdicts), verdicts
        page.screenshot(path=screenshots / f"search-filtered-{width}.png", full_page=True)

        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"the search page scrolls sideways at {width} px: {wide} px wide"
        serious = [
            f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, serious
        assert not keyboard_problems(page.evaluate(TAB_STOPS))

        # The result leads to the claim page.
        page.locator("#ck-search-results li a").first.click()
        page.wait_for_url(re.compile(r"/claims/"))
        assert page_jsonld(page)["claimReviewed"] == heading(page)
    assert_clean(problems)


@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone-360", "desktop-1280"])
def test_every_page_kind_fits_the_screen_and_leads_with_the_verdict(
    sized_page: Any,
    site_url: str,
    v2_site_url: str,
    problems: Any,
    screenshots: Path,
    size: tuple[int, int],
) -> None:
    width, height = size
    with sized_page(width, height) as page:
        for name, path, site in PAGE_KINDS:
            page.goto((site_url if site == "bundled" else v2_site_url) + path)
            page.wait_for_load_state("load")
            page_jsonld(page)  # one block, parsable
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{path} ({site}) scrolls sideways at {width} px: {wide} px wide"
            pictures = [p for p in page.evaluate(PICTURES) if p["seen"]]
            for picture in pictures:
                assert picture["width"] <= width, (path, picture)
                assert picture["smallest"] is None or (
                    picture["smallest"] >= SMALLEST_PICTURE_TEXT
                ), f"{path} at {width} px: a picture's text is too small to read: {picture}"
            if name == "topic":
                assert_one_timeline(page, pictures, width)
            lede = page.locator(".ck-verdict-block")
            if name.startswith(("claim", "media")) and name != "claim-list":
                expect(lede).to_have_count(1)
                expect(lede.locator(".ck-verdict")).to_be_visible()
                box = lede.bounding_box()
                assert box is not None and box["y"] + box["height"] <= height, (
                    f"{path}: the verdict ends at {box and box['y'] + box['height']} px, below "
                    f"the first screen ({height} px)"
                )
                assert lede.locator(".ck-place").inner_text().strip(), path
            page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)
    assert_clean(problems)


def assert_one_timeline(page: Any, pictures: list[dict[str, Any]], width: int) -> None:
    """A topic page shows one drawing of its timeline, the narrow one on a phone, the wide one
    on a desktop, its text drawn at 11 px or more; a screen reader meets one timeline, the wide
    one (labelled and described) at either width."""
    seen = [p for p in pictures if "ck-timeline" in p["classes"]]
    assert len(seen) == 1, seen
    assert ("ck-narrow" if width < 500 else "ck-wide") in seen[0]["classes"], seen
    assert seen[0]["smallest"] is not None and seen[0]["smallest"] >= SMALLEST_PICTURE_TEXT
    assert seen[0]["width"] >= min(300, width - 60), seen  # it fills a phone's column
    # Its name is its title and its description (aria-labelledby names both).
    named = page.get_by_role("figure", name=re.compile(r"^Claims about .+ over time Timeline of "))
    expect(named).to_have_count(1)
    assert "ck-wide" in (named.get_attribute("class") or "").split()
    described = page.evaluate(
        """() => document.getElementById(document.querySelector('svg.ck-timeline.ck-wide')
          .getAttribute('aria-labelledby').split(' ')[1]).textContent"""
    )
    assert str(described).startswith("Timeline of "), described


# The keyboard's path through a page: every element a Tab stops at (shown, not disabled, not
# taken out with tabindex=-1), in the order Tab visits them (no positive tabindex reorders it).
TAB_STOPS = """() => {
  const selector = 'a[href], area[href], button, input, select, textarea, summary, iframe, '
    + '[tabindex], [contenteditable=""], [contenteditable="true"]';
  const shown = el => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[inert]');
  return [...document.querySelectorAll(selector)]
    .filter(el => !el.disabled && el.tabIndex >= 0 && shown(el))
    .map(el => ({
      tag: el.tagName.toLowerCase(),
      href: el.href ? String(el.href.baseVal ?? el.href) : null,
      text: (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40),
      tabindex: el.getAttribute('tabindex'),
      nested: !!(el.parentElement && el.parentElement.closest('a[href], button')),
      inside: el.querySelectorAll(selector).length,
    }));
}"""


def keyboard_problems(stops: list[dict[str, Any]]) -> list[str]:
    """What breaks "one tab stop per link, in reading order" on a page's tab stops."""
    found = []
    # Reading order: Material's skip link first, then the header, the navigation, the content.
    if not stops or stops[0]["text"] != "Skip to content":
        found.append(f"the first tab stop is not the skip link: {stops[:1]}")
    for i, stop in enumerate(stops):
        if stop["tabindex"] not in (None, "0", "-1"):
            found.append(f"tabindex={stop['tabindex']} reorders the keyboard: {stop}")
        if stop["nested"] or stop["inside"]:
            found.append(f"a tab stop inside another (two stops for one link): {stop}")
        before = stops[i - 1] if i else None
        if (
            before is not None
            and stop["href"]
            and stop["tag"] == "a"
            and before["tag"] == "a"
            and before["href"] == stop["href"]
        ):
            found.append(f"two tab stops in a row for one link: {before} then {stop}")
    return found


@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone-360", "desktop-1280"])
def test_every_page_kind_is_accessible_by_axe_and_the_keyboard(
    sized_page: Any, site_url: str, v2_site_url: str, problems: Any, size: tuple[int, int]
) -> None:
    """axe-core (bundled with axe-playwright-python, run offline) finds no serious or critical
    violation on any page kind, and each link is one tab stop, in reading order."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    width, height = size
    failures = []
    with sized_page(width, height) as page:
        for _name, path, site in PAGE_KINDS:
            page.goto((site_url if site == "bundled" else v2_site_url) + path)
            page.wait_for_load_state("load")
            result = axe.run(page)
            for violation in result.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"]][:5]
                    failures.append(
                        f"{path} ({site}, {width} px): {violation['id']} "
                        f"({violation['impact']}): {violation['help']} at {targets}"
                    )
            for problem in keyboard_problems(page.evaluate(TAB_STOPS)):
                failures.append(f"{path} ({site}, {width} px): {problem}")
    assert not failures, "\n".join(failures)
    assert_clean(problems)


class _JsonLdBlocks(HTMLParser):
    """Collects the text of every <script type="application/ld+json"> element."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = (dict(attrs).get("type") or "").strip().lower()
        if tag == "script" and kind == "application/ld+json":
            self._current = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.blocks.append("".join(self._current))
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)


def test_every_page_has_one_parsable_jsonld_block(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20, f"only {len(pages)} HTML pages in {built_site}"
    problems = []
    for html in pages:
        rel = html.relative_to(built_site).as_posix()
        parser = _JsonLdBlocks()
        parser.feed(html.read_text(encoding="utf-8"))
        parser.close()
        if len(parser.blocks) != 1:
            problems.append(f"{rel}: {len(parser.blocks)} JSON-LD blocks, expected 1")
            continue
        try:
            data = json.loads(parser.blocks[0])
        except json.JSONDecodeError as exc:
            problems.append(f"{rel}: the JSON-LD does not parse: {exc}")
            continue
        if not isinstance(data, dict) or "@context" not in data or "@type" not in data:
            problems.append(f"{rel}: the JSON-LD is not an object with @context and @type")
    assert not problems, "\n".join(problems)
