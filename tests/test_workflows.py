"""The GitHub Actions workflows: valid, free of zizmor's findings, and no second recipe.

Both workflows must only call `.ci/run` to install and test, so that GitHub, CI and a
maintainer's machine all run the same thing. The linters run offline, from this environment
(requirements-dev.txt pins them). Nothing here needs the network or GitHub.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CI_RUN = "bash .ci/run"
SCRIPTS = {CI_RUN, "python .ci/quick.py", "bash .ci/upgraded"}  # the only recipes, each in .ci/
# Words of a step that installs or tests something: such a step belongs in .ci/run.
RECIPE = re.compile(r"\b(pip|uv|apt|apt-get|brew|conda|npm|npx|pytest|setup\.(py|sh)|jupyter-book|"
                    r"playwright|python3?|make|tox|nox)\b")


def tool(name: str) -> str:
    """A linter installed beside this Python (requirements-dev.txt), found on any system."""
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is not installed beside {sys.executable}: run `python tools/setup.py`, "
                    "which installs requirements-dev.txt.")
    return found


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the key `on` as True
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(workflow: dict, action: str) -> list[dict]:
    return [step for step in steps(workflow) if step.get("uses", "").startswith(action + "@")]


def test_there_are_the_two_workflows():
    assert [path.name for path in WORKFLOWS] == ["publish.yml", "test.yml"]


def test_zizmor_finds_nothing():
    result = subprocess.run([tool("zizmor"), "--offline", *map(str, WORKFLOWS)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_follow_githubs_schema():
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=120,
                            cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_the_only_recipes_are_the_scripts_in_ci(path):
    workflow = load(path)
    scripts = [step["run"].strip() for step in steps(workflow) if "run" in step]
    assert scripts.count(CI_RUN) == 1, scripts
    for script in scripts:
        if script not in SCRIPTS:
            assert not RECIPE.search(script), f"installs or tests outside .ci/: {script!r}"
    for script in set(scripts) & SCRIPTS:
        assert (ROOT / script.split()[-1]).is_file(), script
    for name, job in workflow["jobs"].items():
        assert 0 < job["timeout-minutes"] <= 90, name
        if any(step.get("run", "").strip() == CI_RUN for step in job.get("steps", [])):
            assert job["runs-on"] == "ubuntu-latest", name
            [setup] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
            assert setup["with"]["python-version"] == "3.11", name


def test_pull_requests_reach_every_system_and_python_readme_promises():
    """README: Linux, macOS or Windows with Python 3.11, 3.12 or 3.13. The full suite runs on Linux
    with 3.11; the learner set-up and quick tests run on the other systems at both ends of the range."""
    readme = (ROOT / "README.md").read_text()
    assert "On Linux, macOS or Windows with Python 3.11, 3.12 or 3.13" in readme
    job = load(ROOT / ".github" / "workflows" / "test.yml")["jobs"]["other-systems"]
    matrix = job["strategy"]["matrix"]
    pairs = {(os, python) for os in matrix["os"] for python in matrix["python"]}
    pairs |= {(extra["os"], extra["python"]) for extra in matrix.get("include", [])}
    assert {("macos-latest", "3.11"), ("macos-latest", "3.13"), ("windows-latest", "3.11"),
            ("windows-latest", "3.13"), ("ubuntu-latest", "3.13")} <= pairs
    assert job["strategy"]["fail-fast"] is False
    assert [s["run"] for s in job["steps"] if "run" in s] == ["python .ci/quick.py"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_pip_downloads_are_cached_per_lock(path):
    for step in uses(load(path), "actions/setup-python"):
        if step["with"].get("cache"):
            assert (step["with"]["cache"], step["with"]["cache-dependency-path"]) == ("pip", "requirements*.txt")


def test_a_failed_test_run_keeps_its_logs_and_the_weekly_run_tests_upgraded_locks():
    workflow = load(ROOT / ".github" / "workflows" / "test.yml")
    test = workflow["jobs"]["test"]
    [upload] = [s for s in test["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["if"] == "failure()" and "_build/*.log" in upload["with"]["path"]
    assert uses(workflow, "actions/setup-python")[0]["with"]["cache"] == "pip"
    assert workflow["on"]["schedule"]
    upgraded = workflow["jobs"]["upgraded-locks"]
    assert upgraded["continue-on-error"] is True and "schedule" in upgraded["if"]
    assert "pins.py --upgrade" in (ROOT / ".ci" / "upgraded").read_text()
    assert all("schedule" in workflow["jobs"][name]["if"] for name in ("test", "other-systems"))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_actions_are_pinned_and_checkout_keeps_no_credentials(path):
    workflow = load(path)
    for step in steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    for step in uses(workflow, "actions/checkout"):
        assert step["with"]["persist-credentials"] is False
    text = path.read_text()
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), f"no version comment: {line}"


def test_pull_requests_are_tested():
    assert "pull_request" in load(ROOT / ".github" / "workflows" / "test.yml")["on"]


def test_publish_deploys_the_tested_site_weekly_and_on_main():
    workflow = load(ROOT / ".github" / "workflows" / "publish.yml")
    triggers = workflow["on"]
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"] and all("cron" in entry for entry in triggers["schedule"])
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"] == {}

    build = workflow["jobs"]["build"]
    names = [step.get("run", "").strip() or step.get("uses", "").split("@")[0]
             for step in build["steps"]]
    # the site is uploaded only after .ci/run, whose tests built it, has passed
    assert names.index(CI_RUN) < names.index("actions/upload-pages-artifact")
    [pages] = uses(workflow, "actions/upload-pages-artifact")
    assert pages["with"]["path"] == "_build/html"
    [archive] = uses(workflow, "actions/upload-artifact")
    assert archive["with"]["path"] == "_build/llm-lesson-site.zip"
    assert archive["with"]["if-no-files-found"] == "error"

    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert set(deploy["permissions"]) == {"pages", "id-token"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert build["permissions"] == {"contents": "read"}
