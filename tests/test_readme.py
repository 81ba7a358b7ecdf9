"""The README opens with exactly two set-up commands, and .ci/run runs the second."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parents[1]


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_two_setup_commands() -> None:
    commands = _commands()
    assert len(commands) == 2
    assert "pip install -e ." in commands[0] and "casebench " in commands[0]
    assert commands[1].endswith("pytest") and "'.[test]'" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = _commands()[1]
    assert test_command in ci
    installed_branch = test_command.split("&& python3 -m venv", 1)[1]
    assert f"python3 -m venv{installed_branch}" in ci
