"""Record ids: made from text (`slugify`), and the alternatives when one is taken."""

from __future__ import annotations

import re
import typing
import unicodedata

MAX_ID = 80
SLUG_LENGTH = 60  # ids made from text are cut at a word near here


def slugify(text: str, max_length: int = SLUG_LENGTH) -> str:
    """A lowercase id made from text: `Kim Yong-hyun's 10,000 troops` -> kim-yong-hyuns-10000-troops."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"(?<=[0-9]),(?=[0-9]{3})", "", text)  # 10,000 -> 10000
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\.)|(?<=\b[a-z]\.[a-z])\.", "", text)  # u.s. -> us
    text = re.sub(r"['’]", "", text)
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > max_length:
        window = slug[: max_length + 1]
        slug = window.rsplit("-", 1)[0] if "-" in window.strip("-") else slug[:max_length]
    return slug.strip("-")


def candidate_ids(base: str) -> typing.Iterator[str]:
    """base, base-2, base-3, ..., each at most 80 characters."""
    yield base[:MAX_ID].rstrip("-")
    number = 2
    while True:
        suffix = f"-{number}"
        yield base[: MAX_ID - len(suffix)].rstrip("-") + suffix
        number += 1
