"""The test tiers: `make test-fast` leaves out exactly the tests that drive the app or start servers."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fast_expression() -> str:
    (expression,) = re.findall(r'^FAST := (.+)$', (ROOT / "Makefile").read_text(encoding="utf-8"), flags=re.M)
    return expression


def collected(expression: str, *modules: str) -> set[str]:
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             "-m", expression, *modules], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 5), result.stdout + result.stderr  # 5: every test deselected
    return {line.split("::")[1].split("[")[0] for line in result.stdout.splitlines() if "::" in line}


def test_fast_tier_leaves_out_app_server_and_proxy_tests_and_keeps_the_rest() -> None:
    fast = collected(fast_expression(), "tests/test_hostile_input.py", "tests/test_deploy.py",
                     "tests/test_loadtest_client.py", "tests/test_app.py")
    # AppTest inside a hypothesis test, a test using a helper only, a streamlit server, nginx: all left out.
    assert not fast & {"test_app_opens_any_link_without_an_error", "test_a_ninth_saved_scenario_is_refused",
                       "test_small_load_test_has_no_errors_and_measures_memory",
                       "test_health_through_the_proxy_sets_the_sticky_cookie", "test_runs_in_indonesian_by_default"}
    # The pure tests of the same modules stay in.
    assert {"test_link_mapping_never_raises_and_gives_a_valid_scenario", "test_cli_set_never_fails_ungracefully",
            "test_percentiles", "test_config_needs_a_backend"} <= fast
