"""The model stage of one file: what it reports when the model refuses what the schema took."""

from __future__ import annotations

from claimkit.records.load import parse_text
from claimkit.validation.filecheck import _model


def test_a_model_error_is_schema_invalid_at_the_value() -> None:
    # The schema and the model agree on every record kind, so this needs a record checked
    # against another kind's model: the safety net must still point at the value.
    doc = parse_text("id: x\nname: 5\nkind: other\n", "records/organizations/x.yaml")
    model, problems = _model(doc, "topic")
    assert model is None
    codes = {(d.code, d.position.line) for d in problems}
    assert ("schema-invalid", 2) in codes  # name must be text
    assert ("schema-invalid", 3) in codes  # a topic has no `kind`
