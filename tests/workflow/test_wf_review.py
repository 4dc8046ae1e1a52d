"""A contributor's path through the CLI: `new claim --review`, `new review`, `validate`,
`fmt --check --diff`, `build` and `check`, in a copy of the bundled publication."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from workflow_helpers import copy_publication, run


@pytest.fixture
def pub(tmp_path: Path) -> Path:
    return copy_publication(tmp_path / "pub")


def _fill(file: Path, values: dict[str, str]) -> None:
    text = file.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f'"<TODO: {name}>"', value)
    assert "<TODO" not in text, text
    file.write_text(text, encoding="utf-8")


def test_new_review_adds_a_review_and_keeps_the_comments(pub: Path) -> None:
    claim = pub / "records" / "claims" / "peskov-north-korean-troops-fake-news.yaml"
    text = claim.read_text(encoding="utf-8")
    marked = text.replace("\ntopics:\n", "\n# Topics chosen by the desk editor.\ntopics:\n", 1)
    assert marked != text
    claim.write_text(marked, encoding="utf-8")
    before = yaml.safe_load(marked)
    done = run(pub, "new", "review", "peskov-north-korean-troops-fake-news")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "records/claims/peskov-north-korean-troops-fake-news.yaml"
    after_text = claim.read_text(encoding="utf-8")
    after = yaml.safe_load(after_text)
    index = len(before["reviews"])
    assert after["reviews"][:index] == before["reviews"]
    assert {k: v for k, v in after.items() if k != "reviews"} == {
        k: v for k, v in before.items() if k != "reviews"
    }
    assert "# Topics chosen by the desk editor.\ntopics:" in after_text
    assert after_text.startswith("# yaml-language-server: $schema=")
    comment = after_text[after_text.index(f"# reviews[{index}]") :]
    for label in ("False", "Mostly false", "Mixed", "Mostly true", "True", "Unverified"):
        assert label in comment.split("- rating")[0].replace("\n  # ", " ")
    new = after["reviews"][index]
    assert new["rating"] == f"<TODO: reviews[{index}].rating>"
    # validate refuses the review until every placeholder is filled in
    checked = run(pub, "validate", "--no-cache", "--format", "json")
    assert checked.returncode == 1
    errors = [d for d in json.loads(checked.stdout)["diagnostics"] if d["severity"] == "error"]
    assert {d["code"] for d in errors} == {"placeholder"}
    assert len(errors) == 6  # rating, summary, explanation, datePublished, an author, a source


def test_new_review_of_a_missing_claim_says_how_to_create_it(pub: Path) -> None:
    done = run(pub, "new", "review", "no-such-claim-here")
    assert done.returncode == 2
    assert "claimkit new claim" in done.stderr
    near = run(pub, "new", "review", "peskov-north-korean-troops-fake-new")
    assert near.returncode == 2
    assert "did you mean 'peskov-north-korean-troops-fake-news'?" in near.stderr
    missing = run(pub, "new", "review")
    assert missing.returncode == 2 and "needs the claim's id" in missing.stderr


def test_fmt_check_diff_prints_a_unified_diff(pub: Path) -> None:
    claim = pub / "records" / "claims" / "peskov-north-korean-troops-fake-news.yaml"
    text = claim.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("claimReviewed: "))
    quoted = 'claimReviewed: "' + line.removeprefix("claimReviewed: ") + '"'
    claim.write_text(text.replace(line, quoted), encoding="utf-8")
    done = run(pub, "fmt", "--check", "--diff")
    assert done.returncode == 1
    name = "records/claims/peskov-north-korean-troops-fake-news.yaml"
    assert f"--- a/{name}\n+++ b/{name}\n@@ " in done.stdout
    assert f"\n-{quoted}\n+{line}\n" in done.stdout
    assert claim.read_text(encoding="utf-8") != text  # --check changes nothing
    assert run(pub, "fmt", "--diff").returncode == 0
    assert claim.read_text(encoding="utf-8") == text


def test_a_contributors_path_from_new_claim_to_a_clean_check(pub: Path) -> None:
    """new claim (with a review) -> validate (refuses the placeholders) -> fill in -> new review
    -> fill in -> validate -> fmt -> build -> check: clean, with nothing copied from elsewhere."""
    made = run(
        pub,
        "new",
        "claim",
        "--claim",
        "North Korean troops were seen in the Kursk region",
        "--claimant-person",
        "volodymyr-zelenskyy",
        "--article",
        "stripes-2024-10-17-north-korean-troops",
        "--set",
        "dateMade=2024-10-16",
        "--review",
    )
    assert made.returncode == 0, made.stderr
    file = pub / made.stdout.strip()
    assert "Added reviews[0]" in made.stderr
    refused = run(pub, "validate", "--no-cache")
    assert refused.returncode == 1 and "[placeholder]" in refused.stdout
    _fill(
        file,
        {
            "reviews[0].rating": "Unverified",
            "reviews[0].summary": "We found no confirmation of troops in the Kursk region.",
            "reviews[0].explanation": "No government had confirmed it by the date of review.",
            "reviews[0].datePublished": "2025-05-02",
            "reviews[0].authors[0]": "robin-example",
            "reviews[0].sources[0].name": "Stars and Stripes report of Oct. 17, 2024",
        },
    )
    second = run(pub, "new", "review", file.stem)
    assert second.returncode == 0, second.stderr
    _fill(
        file,
        {
            "reviews[1].rating": "Mostly true",
            "reviews[1].summary": "Later reports confirmed troops in the region.",
            "reviews[1].explanation": "The defence ministries of two countries said so.",
            "reviews[1].datePublished": "2025-06-01",
            "reviews[1].authors[0]": "robin-example",
            "reviews[1].sources[0].name": "Briefings by the defence ministries",
        },
    )
    valid = run(pub, "validate", "--no-cache")
    assert valid.returncode == 0, valid.stdout
    assert valid.stdout.strip().endswith("0 errors, 0 warnings"), valid.stdout
    formatted = run(pub, "fmt")
    assert formatted.returncode == 0, formatted.stdout
    assert run(pub, "fmt", "--check").returncode == 0
    built = run(pub, "build")
    assert built.returncode == 0, built.stderr
    checked = run(pub, "check", "build/site")
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.strip().endswith(": 0 errors, 0 warnings"), checked.stdout
    page = pub / "build" / "site" / "claims" / file.stem / "index.html"
    assert "Unverified" in page.read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize(("answer", "reviewed"), [(b"y\n", True), (b"\n", False)])
def test_at_a_terminal_new_claim_offers_a_review(pub: Path, answer: bytes, reviewed: bool) -> None:
    import os
    import pty
    import subprocess

    from workflow_helpers import claimkit_exe

    primary, secondary = pty.openpty()
    try:
        proc = subprocess.Popen(
            [
                claimkit_exe(),
                "new",
                "claim",
                "--claim",
                "A claim asked about at a terminal",
                "--claimant-person",
                "dmitry-peskov",
                "--article",
                "stripes-2024-10-17-north-korean-troops",
            ],
            cwd=pub,
            stdin=secondary,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.write(primary, answer)
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(primary)
        os.close(secondary)
    assert proc.returncode == 0, err
    assert "Add a review of it now? [y/N]" in err
    data = yaml.safe_load((pub / out.strip()).read_text(encoding="utf-8"))
    assert ("reviews" in data) is reviewed
