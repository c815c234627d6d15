from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from shuhi.scans.matching import LocationMatcher, local_root


def loc(pk: int, *patterns: str):
    return SimpleNamespace(pk=pk, patterns=list(patterns))


MATCHER = LocationMatcher([
    loc(1, "/srv/share/**"),
    loc(2, "/srv/share/secret/**", "\\\\fs01\\極秘\\**"),
    loc(3, "D:\\設計\\*.dwg"),
])


def test_a_server_path_matches_the_most_specific_location():
    assert MATCHER.match("/srv/share/a/b.docx") == 1
    assert MATCHER.match("/srv/share/secret/x/y.docx") == 2
    assert MATCHER.match("/srv/other/y.docx") is None


def test_an_archive_path_matches_the_end_of_a_pattern_from_a_literal_folder():
    assert MATCHER.match("極秘/設計書.docx", relative=True) == 2
    assert MATCHER.match("fs01/極秘/a/b.docx", relative=True) == 2
    assert MATCHER.match("secret/a.docx", relative=True) == 2
    assert MATCHER.match("share/a.docx", relative=True) == 1


def test_an_archive_path_never_matches_through_wildcards_alone():
    assert MATCHER.match("a.docx", relative=True) is None
    assert MATCHER.match("設計.docx", relative=True) is None


def test_windows_patterns_ignore_case_and_stay_within_one_folder_for_a_single_star():
    assert MATCHER.match("設計/PLAN.DWG", relative=True) == 3
    assert MATCHER.match("設計/sub/plan.dwg", relative=True) is None


def test_only_absolute_local_patterns_give_a_folder_to_walk():
    assert local_root("/srv/share/secret/**") == Path("/srv/share/secret")
    assert local_root("/srv/share/*/docs/**") == Path("/srv/share")
    assert local_root("\\\\fs01\\極秘\\**") is None
    assert local_root("share/**") is None
