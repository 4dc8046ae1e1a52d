"""Rendering generated pages by filling in a skeleton of the theme's output, not by running the
theme's templates for every page.

Material's templates make most of an mkdocs build's time (about 2 ms a page here). The generated
pages of one folder out of the navigation (`claims/`, `people/`, ...) come out of them the same
but for a few values: the title, the description, the canonical URL, the page's HTML (its heading
and summary), its JSON-LD and its body. For the first page of each such folder and shape (which
optional parts it has), the templates run once with a long placeholder for each value, one that
holds `<`, `&`, quotes and spaces: if every placeholder comes out whole, no template escaped,
shortened or otherwise changed those values, and the output cut at the placeholders is the
skeleton. That page and the next one of its shape are still rendered by the templates, and each
output is compared with the skeleton filled in with the page's own values; when both are the
same, every further page of that shape is the skeleton filled in. A placeholder that comes out
changed, or an output that differs, and the shape goes on through the templates for the rest of
the build. Each render process learns its own skeletons.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import escape
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

# The values a skeleton leaves out: on the page (title and description in its metadata, its
# canonical URL, its HTML, its heading's anchor, which the skip link points at) and in the context claimkit's hook gives the theme (JSON-LD, body).
SLOTS = ("title", "description", "canonical_url", "content", "anchor", "ck_head", "ck_body")

# Placeholders: characters any escaping or URL filter would change, and long enough that any
# shortening filter would cut them.
_FILLER = "x" * 300


def _placeholder(slot: int) -> str:
    text = f'"ck\'slot{slot}<&> {_FILLER}"'
    # Material checks that the page's HTML has its own heading (and prints the title if not).
    return f"<h1>{text}</h1>" if SLOTS[slot] == "content" else text


_PLACEHOLDERS = [_placeholder(slot) for slot in range(len(SLOTS))]
# Each placeholder as it comes out printed as it is, or through Jinja's `e` filter: the slot,
# and whether its value is escaped the same way when filled in.
_FORMS = {p: (slot, False) for slot, p in enumerate(_PLACEHOLDERS)} | {
    str(escape(p)): (slot, True) for slot, p in enumerate(_PLACEHOLDERS)
}
# What is left of a placeholder a filter changed (upper case, cut short, tags stripped...).
_REMNANT = re.compile(r"(?i)slot\d|x{40}")
_ANY_PLACEHOLDER = re.compile("|".join(re.escape(form) for form in _FORMS))


@dataclass
class Skeleton:
    """The theme's output for a shape of page, cut where the values go."""

    parts: list[str]  # text, then a slot's value, then text, ...
    # The slot whose value goes after each part but the last, and whether it is escaped there.
    slots: list[tuple[int, bool]]

    def fill(self, values: tuple[str, ...]) -> str:
        """The page's output: the skeleton with a page's values (in the order of SLOTS) put in,
        escaped where the theme escapes them."""
        out = [self.parts[0]]
        for (slot, escaped), part in zip(self.slots, self.parts[1:], strict=True):
            out.append(str(escape(values[slot])) if escaped else values[slot])
            out.append(part)
        return "".join(out)


def cut(rendered: str) -> Skeleton | None:
    """The skeleton in an output rendered with placeholders, or None when a placeholder came
    out changed (escaped, cut short, ...)."""
    parts: list[str] = []
    slots: list[tuple[int, bool]] = []
    at = 0
    for found in _ANY_PLACEHOLDER.finditer(rendered):
        parts.append(rendered[at : found.start()])
        slots.append(_FORMS[found.group(0)])
        at = found.end()
    parts.append(rendered[at:])
    if any(_REMNANT.search(part) for part in parts):
        return None  # a placeholder, or part of one, that did not come out whole
    return Skeleton(parts, slots)


class _StandIn:
    """The page as the templates see it for a skeleton: placeholders for its values (those it
    has: an empty value stays empty, as its shape says)."""

    def __init__(self, page: Page) -> None:
        meta = dict(page.meta)
        for slot in ("title", "description"):
            if meta.get(slot):
                meta[slot] = _PLACEHOLDERS[SLOTS.index(slot)]
        self._page = page
        self._values: dict[str, Any] = {"meta": meta}
        if meta.get("title"):
            self._values["title"] = meta["title"]
        for slot in ("canonical_url", "content"):
            if getattr(page, slot):
                self._values[slot] = _PLACEHOLDERS[SLOTS.index(slot)]
        toc = list(page.toc or [])
        if toc:
            first = AnchorLink(toc[0].title, _PLACEHOLDERS[SLOTS.index("anchor")], toc[0].level)
            first.children = toc[0].children
            self._values["toc"] = TableOfContents([first, *toc[1:]])

    def __getattr__(self, name: str) -> Any:
        if name in self._values:
            return self._values[name]
        return getattr(self._page, name)


def values(page: Page, context: dict[str, Any]) -> tuple[str, ...]:
    """The values a page fills into its skeleton, in the order of SLOTS."""
    return (
        str(page.meta.get("title", "")),
        str(page.meta.get("description", "")),
        str(page.canonical_url or ""),
        str(page.content or ""),
        _anchor(page),
        str(context.get("ck_head", "")),
        str(context.get("ck_body", "")),
    )


def _anchor(page: Page) -> str:
    toc = list(page.toc or [])
    return str(toc[0].id) if toc else ""


def shape(
    page: Page, context: dict[str, Any], folder: str, page_values: tuple[str, ...]
) -> Hashable:
    """What besides the values can change the theme's output within a folder: the template,
    the other metadata, and which values are empty or missing."""
    meta = page.meta
    others = tuple(sorted((k, repr(v)) for k, v in meta.items() if k not in SLOTS))
    present = (
        *(bool(value) for value in page_values),
        "description" in meta,
        "ck_head" in context,
    )
    return (folder, meta.get("template", "main.html"), others, present)


@dataclass
class _Shape:
    skeleton: Skeleton | None
    confirmed: int = 0


# Pages of a shape rendered by the templates and found equal to the filled skeleton before the
# skeleton is used: the page the skeleton was made with, and another.
CONFIRMATIONS = 2


@dataclass
class Filler:
    """The skeletons one render process has learnt, and the pages it is checking them with."""

    shapes: dict[Hashable, _Shape] = field(default_factory=dict)
    checking: dict[int, tuple[_Shape, tuple[str, ...]]] = field(default_factory=dict)
    filled: int = 0

    def page(
        self, env: jinja2.Environment, page: Page, context: dict[str, Any], folder: str
    ) -> str | None:
        """The page's output from its shape's skeleton, or None: the templates render it (and
        `rendered` is told what they made)."""
        page_values = values(page, context)
        key = shape(page, context, folder, page_values)
        known = self.shapes.get(key)
        if known is None:
            known = self.shapes[key] = _Shape(self._learn(env, page, context))
        if known.skeleton is None:
            return None
        if known.confirmed < CONFIRMATIONS:
            self.checking[id(page)] = (known, page_values)
            return None
        self.filled += 1
        return known.skeleton.fill(page_values)

    def rendered(self, page: Page, output: str) -> None:
        """What the templates made of a page: a check of its shape's skeleton, if it is one."""
        check = self.checking.pop(id(page), None)
        if check is None:
            return
        known, page_values = check
        if known.skeleton is not None and known.skeleton.fill(page_values) == output:
            known.confirmed += 1
        else:
            known.skeleton = None

    @staticmethod
    def _learn(env: jinja2.Environment, page: Page, context: dict[str, Any]) -> Skeleton | None:
        stand_in = dict(context)
        stand_in["page"] = _StandIn(page)
        stand_in.pop("ck_memo", None)  # the frames memo keeps only real pages' blocks
        for slot in ("ck_head", "ck_body"):
            if stand_in.get(slot):
                stand_in[slot] = _PLACEHOLDERS[SLOTS.index(slot)]
        template = env.get_template(page.meta.get("template", "main.html"))
        return cut(template.render(stand_in))
