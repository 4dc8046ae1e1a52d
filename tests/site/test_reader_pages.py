"""The reader's site (issue 16): a claim page that leads with its verdict and says each thing
once, the home page's latest reviews by the review's date, lists newest first, legends that
name the verdicts their marks stand for, "Not reviewed" explained, sources without a link
marked, and no picture line without a picture; built from the bundled records."""

from __future__ import annotations

import re

import pytest
from site_helpers import REPO

from claimkit.site.build import BuildResult, build

CLAIM = "claims/north-korean-soldiers-deserted-near-border/index.html"
REVIEWED = "claims/north-korea-sent-10000-soldiers-to-russia/index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(REPO / "records", tmp_path_factory.mktemp("reader-site") / "out", REPO / "docs")


def body(result: BuildResult, path: str) -> str:
    """The page's article: from its h1 to the end of the content."""
    html = (result.site / path).read_text(encoding="utf-8")
    start = html.index("<h1")
    return html[start : html.index("</article>", start)]


def test_a_claim_page_leads_with_its_verdict_then_says_each_thing_once(
    built: BuildResult,
) -> None:
    html = body(built, REVIEWED)
    order = [
        html.index("</h1>"),
        html.index('class="ck-lede ck-verdict-block'),
        html.index('class="ck-claimant"'),
        html.index("<h2>Where it appeared</h2>"),
        html.index(">Our review</h2>"),
        html.index("<h2>How the claim travelled</h2>"),
    ]
    assert order == sorted(order)
    lede = html[order[1] : html.index("</div>", order[1])]
    # The label is also the page's verdict for search (its filter and result line).
    assert (
        '<span class="ck-verdict" data-pagefind-filter="verdict" data-pagefind-meta="verdict">'
        "Mostly true</span>"
    ) in lede
    assert "4 of 5 on our scale, from False (1) to True (5)" in lede
    # Said once: who made it, where it first appeared, and the chain (only as the picture).
    assert html.count("Made by ") == 1
    assert "Claimed by" not in html
    assert html.count("First known:") <= 1
    assert "First appeared" not in html
    chain = html[html.index("<h2>How the claim travelled</h2>") :]
    chain = chain[: chain.index("</section>")]
    assert "<ol>" not in chain and "<ul>" not in chain
    assert chain.count("<svg") == 1 and chain.count("<desc") == 1
    # No summary line repeats the verdict and the claimant under the title.
    assert re.search(r"</h1>\s*<p>", html) is None


def test_an_off_scale_verdict_says_so_in_words(built: BuildResult) -> None:
    html = body(built, CLAIM)
    lede = html[html.index('class="ck-lede') :]
    lede = lede[: lede.index("</div>")]
    assert 'data-pagefind-meta="verdict">Unverified</span>' in lede
    assert "Off our scale of False to True" in lede


def test_each_place_a_claim_appeared_is_listed_once(built: BuildResult) -> None:
    html = body(built, CLAIM)
    places = html[html.index("<h2>Where it appeared</h2>") :]
    places = places[: places.index("</section>")]
    items = re.findall(r'<li class="ck-appearance">(.*?)</li>', places)
    assert len(items) == len(set(items))
    assert items[0].startswith("<strong>First known:</strong>")
    assert sum("Suspilne report" in item for item in items) == 1


def test_a_source_without_a_link_says_so(built: BuildResult) -> None:
    html = body(built, CLAIM)
    assert '<span class="ck-nolink">(no link)</span>' in html


def test_an_unreviewed_claim_says_what_that_means(built: BuildResult) -> None:
    html = body(built, "claims/russia-searching-for-north-korean-deserters/index.html")
    assert '<span class="ck-verdict">Not reviewed</span>' in html
    assert "have not checked it, so it carries no verdict" in html
    assert "have not checked it" in body(built, "claims/index.html")


def test_home_lists_latest_reviews_by_review_date_without_repeating_the_chart(
    built: BuildResult,
) -> None:
    html = body(built, "index.html")
    latest = html[html.index("Latest reviews") : html.index("</table>")]
    assert '<th scope="col">Reviewed</th>' in latest
    shown = re.findall(r'<td data-label="Reviewed"><time datetime="([^"]+)"', latest)
    assert shown and shown == sorted(shown, reverse=True)
    assert 'class="ck-counts"' not in html
    assert html.count("<svg") == 1


def test_topic_claims_are_newest_first(built: BuildResult) -> None:
    html = body(built, "topics/north-korea/index.html")
    claims = html[html.index('<ul class="ck-claims">') :]
    claims = claims[: claims.index("</ul>")]
    dates = re.findall(r'<time datetime="([^"]+)"', claims)
    assert len(dates) > 2
    firsts = [d[:7] for d in dates]  # months first: a month sorts with the days in it
    assert firsts == sorted(firsts, reverse=True)


def test_dates_are_in_time_elements_in_words(built: BuildResult) -> None:
    html = body(built, REVIEWED)
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">[A-Z][a-z]+ \d{1,2}, \d{4}</time>', html)
    text = re.sub(r'(datetime|href)="[^"]+"', "", html.split("<svg")[0])
    assert re.search(r"\b\d{4}-\d{2}-\d{2}\b", text) is None


def test_an_article_without_a_picture_url_has_no_picture_line(built: BuildResult) -> None:
    html = body(built, "articles/stripes-2024-10-17-north-korean-troops/index.html")
    assert "Picture:" not in html


def test_pictures_scale_to_their_column(built: BuildResult) -> None:
    for page in (REVIEWED, "index.html", "topics/north-korea/index.html"):
        for svg in re.findall(r"<svg [^>]*>", body(built, page)):
            assert 'width="100%"' in svg and "viewBox=" in svg
            assert "height=" not in svg.replace("viewBox", "")


def test_tables_name_their_cells_for_narrow_screens(built: BuildResult) -> None:
    css = (built.site / "assets" / "claimkit.css").read_text(encoding="utf-8")
    assert "attr(data-label)" in css
    html = body(built, "claims/index.html")
    cells = re.findall(r"<td( data-label=\"[^\"]+\")?>", html)
    assert cells and all(cells)
