"""The project's set-up files agree with each other."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_environment_yml_lists_the_runtime_dependencies_of_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "conda-forge" in env["channels"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section, "the package itself must be installed from the checkout"
    conda_names = {_name(d) for d in conda} - {"python", "pip"}
    python = next(d for d in conda if _name(d) == "python")
    assert python.replace(" ", "") == "python>=3.11"
    runtime = {_name(d) for d in _pyproject()["project"]["dependencies"]}
    assert conda_names == runtime


def test_console_script_and_extras_are_declared():
    project = _pyproject()["project"]
    assert project["scripts"]["amiris-lab"] == "amiris_lab.cli.main:main"
    assert {"dev", "browser"} <= set(project["optional-dependencies"])


def test_top_level_layout_is_the_agreed_one():
    for name in (
        "notebooks",
        "amiris_lab",
        "data",
        "reports",
        "tests",
        "environment.yml",
        "pyproject.toml",
        "README.md",
        "Makefile",
        ".ci/run",
    ):
        assert (ROOT / name).exists(), name


def test_readme_opens_with_the_two_commands():
    head = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:30])
    assert "make report" in head and "make test" in head


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_readme_python_examples_run(tmp_path, monkeypatch):
    """Every ```python block of the README runs as written, from a folder holding data/."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "the README shows the Python API"
    (tmp_path / "data").symlink_to(ROOT / "data", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    assert (tmp_path / "copie").exists()
