"""The README's Python example runs as written, and its set-up commands are the ones CI uses."""

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()


def test_python_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for block in re.findall(r"```python\n(.*?)```", README, re.S):
        exec(compile(block, "README.md", "exec"), {})
    assert (tmp_path / "trace.jsonl").read_text().count("\n") == 4


def test_ci_runs_the_readme_test_command():
    command = next(line.strip() for line in README.splitlines() if "pytest" in line and "pip" in line)
    assert command in (ROOT / ".ci" / "run").read_text()
