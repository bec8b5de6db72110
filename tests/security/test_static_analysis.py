"""S26: bandit finds no high-severity issue in our code. (pip-audit needs the network; it runs
in .ci/run, not here.)"""
import subprocess  # nosec B404
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BANDIT = Path(sys.executable).with_name("bandit")


@pytest.mark.slow
def test_bandit_reports_no_high_severity_finding():
    if not BANDIT.exists():
        pytest.fail(f"bandit is not installed at {BANDIT}; `make install` installs the test extras")
    result = subprocess.run([str(BANDIT), "-q", "-r", "directory", "search_index", "-lll"],  # nosec B603
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
