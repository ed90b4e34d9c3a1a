"""The suite's own guards: an unexpected error in the log, or a crash of the journal worker,
fails the test that caused it; a test that causes one on purpose says so with a marker."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CONFTEST = Path(__file__).with_name("conftest.py")


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    """A small suite of its own that uses this project's conftest and pytest settings."""
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    shutil.copytree(CONFTEST.with_name("helpers"), pytester.path / "helpers")  # it imports them
    pytester.makeini(
        "[pytest]\n"
        "qt_api = pyside6\n"
        "markers =\n"
        "    logs_errors: the test causes an error on purpose\n"
    )
    return pytester


def test_an_error_in_the_log_fails_the_test_unless_it_is_expected(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        """
        import logging
        import pytest

        def test_quiet():
            logging.getLogger("journal").warning("a warning is not an error")

        def test_unexpected():
            logging.getLogger("ui.app").error("Unexpected error in the app")

        @pytest.mark.logs_errors
        def test_expected():
            logging.getLogger("ui.app").error("Unexpected error in the app")
        """
    )
    result = suite.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_unexpected*"])
    result.stdout.fnmatch_lines(["*ERROR ui.app: Unexpected error in the app*"])


def test_a_crash_of_the_journal_worker_fails_the_test(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        """
        import logging
        import pytest

        def broken(_journal):
            raise RuntimeError("a bug in a journal call")

        def test_crash(make_operations, paths, qtbot):
            ops = make_operations(paths)
            ops.submit_background(lambda: broken(None))
            qtbot.waitUntil(lambda: not ops.busy, timeout=10_000)

        def test_no_crash(make_operations, paths, qtbot):
            ops = make_operations(paths)
            ops.submit_background(lambda: 42)
            qtbot.waitUntil(lambda: not ops.busy, timeout=10_000)
        """
    )
    result = suite.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*The journal worker crashed*a bug in a journal call*"])
