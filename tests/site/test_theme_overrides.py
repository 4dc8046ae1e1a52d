"""claimkit's copies of Material's partials (header.html, nav.html) differ from the installed
Material's in the one place each says, so that a Material upgrade that changes them shows here."""

from __future__ import annotations

from importlib.resources import files

import pytest

from claimkit.site.mkdocs.config import THEME_DIR

# Each override: what Material writes, and what claimkit's copy writes in its place.
CHANGES = {
    "header.html": (
        '    {% if "material/search" in config.plugins %}',
        '    {% include "partials/ck-search-box.html" %}\n'
        '    {% if "material/search" in config.plugins %}',
    ),
    "nav.html": ('data-md-component="logo">', 'data-md-component="logo" tabindex="-1">'),
}


def _without_comment(text: str) -> str:
    """The template after its leading `{#- ... -#}` comment."""
    assert text.startswith("{#-"), text[:40]
    return text[text.index("-#}") + 3 :].lstrip("\n")


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_an_override_is_material_s_partial_changed_in_one_place(name: str) -> None:
    material = (files("material") / "templates" / "partials" / name).read_text(encoding="utf-8")
    ours = (THEME_DIR / "partials" / name).read_text(encoding="utf-8")
    theirs, mine = CHANGES[name]
    assert _without_comment(material).count(theirs) == 1
    assert _without_comment(ours) == _without_comment(material).replace(theirs, mine)
