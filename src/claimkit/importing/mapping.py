"""The --ratings file of `claimkit import`: where labels the site's scale lacks should go.

    # The site's own past labels, onto labels of its scale:
    scale:
      Pants on Fire: "False"
      Half True: Mixed
    # Other fact-checkers' labels, onto a normalised class (true, false, mixture, other):
    classes:
      Cherry-picked: mixture

Keys are matched ignoring case, accents and spacing, like the labels of the scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from claimkit.core.diagnostics import Diagnostic
from claimkit.core.models import RatingClass, Site
from claimkit.importing.rating_classes import fold
from claimkit.records.load import LoadError, load_file

SECTIONS = ("scale", "classes")


@dataclass
class RatingMapping:
    """A mapping file: labels of the site's own past reviews onto its scale, and classes."""

    scale: dict[str, str] = field(default_factory=dict)  # folded label -> site label
    classes: dict[str, RatingClass] = field(default_factory=dict)  # folded label -> class


class MappingError(Exception):
    """A mapping file that cannot be used; its diagnostics say why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics[0].message)
        self.diagnostics = diagnostics


def load_mapping(file: Path, display: str, site: Site) -> RatingMapping:
    """Read and check a mapping file against the site's scale; MappingError lists problems."""
    try:
        doc = load_file(file, display)
    except LoadError as exc:
        raise MappingError([exc.diagnostic]) from None
    problems: list[Diagnostic] = []

    def problem(path: tuple[str | int, ...], message: str) -> None:
        problems.append(Diagnostic.make(display, doc.position(path), "mapping-invalid", message))

    mapping = RatingMapping()
    for key in doc.data:
        if key not in SECTIONS:
            problem((key,), f"unknown section '{key}'; a mapping file has `scale:` and `classes:`")
    names = [s.label for s in site.scale.labels] + [s.label for s in site.scale.offScale]
    labels = {fold(name): name for name in names}
    classes = {c.value for c in RatingClass}
    for section in SECTIONS:
        entries = doc.data.get(section)
        if entries is None:
            continue
        if not isinstance(entries, dict):
            problem((section,), f"`{section}:` must map labels to labels, one per line")
            continue
        for label, target in entries.items():
            where = (section, label)
            if not isinstance(target, str) or not target.strip():
                problem(where, f"the label '{label}' must map to text")
            elif section == "scale" and fold(target) not in labels:
                problem(
                    where,
                    f"'{target}' is not a label of the site's scale; use one of: "
                    f"{', '.join(labels.values())}",
                )
            elif section == "scale":
                mapping.scale[fold(str(label))] = labels[fold(target)]
            elif target.strip().lower() not in classes:
                problem(
                    where, f"'{target}' is not a class; use one of: {', '.join(sorted(classes))}"
                )
            else:
                mapping.classes[fold(str(label))] = RatingClass(target.strip().lower())
    if problems:
        raise MappingError(sorted(problems, key=Diagnostic.sort_key))
    return mapping
