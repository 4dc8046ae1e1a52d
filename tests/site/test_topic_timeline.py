"""A topic page's timeline writes its dates in the site's language (the `language` of the site
settings), from the test publication's records with a claim dated by its month added."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from site_helpers import REPO

from claimkit.site.pages import Context
from claimkit.site.record_pages import RecordPages
from claimkit.validation.run import validate_paths

BASE = REPO / "tests" / "examples" / "base" / "records"
MONTH_CLAIM = """\
id: harbour-dredged
claimReviewed: The harbour was dredged in March
claimants:
  - organization: port-authority
dateMade: 2024-03
appearances:
  - article: tide-harbour-report
topics:
  - seaview-harbour
"""


def _topic_body(tmp_path: Path, language: str) -> str:
    records = tmp_path / "records"
    shutil.copytree(BASE, records)
    site = records / "site.yaml"
    site.write_text(
        re.sub(r"(?m)^language: .*$", f"language: {language}", site.read_text("utf-8")), "utf-8"
    )
    (records / "claims" / "harbour-dredged.yaml").write_text(MONTH_CLAIM, "utf-8")
    result = validate_paths([records], use_cache=False)
    assert len(result.catalogs) == 1, result
    catalog = result.catalogs[0]
    return RecordPages(Context(catalog)).topic(catalog.topics["seaview-harbour"]).body


def _texts(body: str, cls: str) -> list[str]:
    return re.findall(rf'<text class="{cls}"[^>]*>([^<]*)</text>', body)


@pytest.mark.parametrize(
    ("language", "ends", "month"),
    [
        ("en", ["March 2024", "October 16, 2024"], "March 2024"),
        ("fr", ["mars 2024", "16 octobre 2024"], "mars 2024"),
        ("uk", ["березень 2024\u202fр.", "16 жовтня 2024\u202fр."], "березень 2024\u202fр."),
    ],
)
def test_a_topic_timeline_is_in_the_sites_language(
    tmp_path: Path, language: str, ends: list[str], month: str
) -> None:
    body = _topic_body(tmp_path, language)
    figure = body[body.index('<figure class="ck-figure">') : body.index("</figure>")]
    # The wide drawing, then the narrow one: both write the ends of the axis in the language.
    assert _texts(figure, "ck-axis-label")[:2] == ends
    described = re.search(r"<desc [^>]*>([^<]*)</desc>", figure)
    assert described is not None
    assert described.group(1).startswith(f"Timeline of 2 claims from {ends[0]} to {ends[1]}:")
    assert f"<title>{month}: The harbour was dredged in March (not reviewed)</title>" in figure
    # No ISO date where a reader sees it, in any text of either drawing.
    shown = re.findall(r">([^<]+)<", figure)
    assert shown and not [text for text in shown if re.search(r"\d{4}-\d{2}", text)]
