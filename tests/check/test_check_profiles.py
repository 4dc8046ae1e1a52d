"""`claimkit check --profile`: each reader of the markup gets the rules it needs, no more."""

from __future__ import annotations

from check_helpers import BAD, check

from claimkit.claimreview.check import CHECK_CODES
from claimkit.claimreview.profiles import DEFAULT_PROFILE, PROFILES, READING
from claimkit.cli import build_parser


def _codes(*args: str) -> set[str]:
    return {d["code"] for d in check(*args).report["diagnostics"]}


def test_the_profiles_are_the_cli_choices_and_nest() -> None:
    args = build_parser().parse_args(["check"])
    assert args.profile == DEFAULT_PROFILE == "fact-check-explorer"
    assert set(PROFILES) == {"fact-check-explorer", "data-commons", "schema-org"}
    assert PROFILES["fact-check-explorer"] == CHECK_CODES
    assert READING < PROFILES["schema-org"] < PROFILES["data-commons"] < CHECK_CODES


def test_each_profile_reports_only_its_rules() -> None:
    every = _codes(str(BAD))
    assert _codes(str(BAD), "--profile", "fact-check-explorer") == every
    for name in ("data-commons", "schema-org"):
        found = _codes(str(BAD), "--profile", name)
        assert found == every & PROFILES[name], name
    # Display guidance is Fact Check Explorer's; a data reader takes a long claim text as it is.
    assert "claimreviewed-too-long" in every
    assert "claimreviewed-too-long" not in _codes(str(BAD), "--profile", "data-commons")
    # A scale upside down is wrong by schema.org's own definition of bestRating.
    assert "rating-scale-invalid" in _codes(
        str(BAD / "scale-inverted.jsonld"), "--profile", "schema-org"
    )


def test_a_profile_changes_the_exit_code() -> None:
    file = BAD / "required-missing.jsonld"
    assert check(file).exit_code == 1
    assert check(file, "--profile", "schema-org").exit_code == 0
