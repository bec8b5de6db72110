"""`make audit`, dependency step: run pip-audit only against an advisory database that answers.

A mirror or proxy may answer PyPI's JSON API without its vulnerability data, and pip-audit then
reports "no known vulnerabilities" having checked nothing. So first ask each service about a
release with published advisories (Jinja2 2.10: CVE-2019-10906 and others); only a service that
names them is used. Otherwise say plainly that nothing was audited, and do not fail.

    python tools/pip_audit.py [requirements.lock]

Audits the lock file if it exists (pinned and hashed: no resolution needed), else the installed
environment. AUDIT_PYPI_URL / AUDIT_OSV_URL point the probe elsewhere (tests).
"""
import json
import os
import subprocess
import sys
import urllib.request

PYPI = os.environ.get("AUDIT_PYPI_URL", "https://pypi.org/pypi")
OSV = os.environ.get("AUDIT_OSV_URL", "https://api.osv.dev/v1/query")
CANARY = ("jinja2", "2.10")  # a release with published advisories
NOT_RUN = "pip-audit: not run — no advisory database reachable"


def _json(request) -> dict:
    with urllib.request.urlopen(request, timeout=10) as response:  # nosec B310 - fixed https URLs
        return json.load(response)


def pypi_answers() -> bool:
    try:
        return bool(_json(f"{PYPI}/{CANARY[0]}/{CANARY[1]}/json").get("vulnerabilities"))
    except (OSError, ValueError):
        return False


def osv_answers() -> bool:
    body = json.dumps({"package": {"name": CANARY[0], "ecosystem": "PyPI"}, "version": CANARY[1]}).encode()
    request = urllib.request.Request(OSV, data=body, headers={"Content-Type": "application/json"})
    try:
        return bool(_json(request).get("vulns"))
    except (OSError, ValueError):
        return False


def main(argv: list[str]) -> int:
    lock = argv[1] if len(argv) > 1 else "requirements.lock"
    service = "pypi" if pypi_answers() else "osv" if osv_answers() else None
    if service is None:
        print(NOT_RUN)
        return 0
    pip_audit = os.path.join(os.path.dirname(sys.executable), "pip-audit")
    command = [pip_audit, "--progress-spinner", "off", "--vulnerability-service", service]
    if os.path.exists(lock):
        command += ["--disable-pip", "--requirement", lock]
        what = lock
    else:
        command += ["--skip-editable"]
        what = "the installed environment"
    print(f"pip-audit: auditing {what} against the {service} advisory database", flush=True)
    return subprocess.call(command)  # nosec B603 - our own fixed command line


if __name__ == "__main__":
    sys.exit(main(sys.argv))
