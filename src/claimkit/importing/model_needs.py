"""What the data model requires of a record that a source may not say.

Import writes nothing the source did not say, but a record must hold what the model requires.
These questions are asked of the model itself, so that when a field becomes optional (an
external review's summary, a claim's appearances) import stops filling it in at once.
"""

from __future__ import annotations

from pydantic import BaseModel


def required(model: type[BaseModel], name: str) -> bool:
    """Whether a record must give the field (a list: at least one item)."""
    info = model.model_fields[name]
    if info.is_required():
        return True
    return any((getattr(m, "min_length", None) or 0) > 0 for m in info.metadata)
