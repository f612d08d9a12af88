"""``agentui check``, ``set`` and ``unset`` as a user runs them."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import AGENTS


def run(
    *args: str, cwd: Path | None = None, home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if home is not None:
        env["HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "agentui", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def test_check_json_shape() -> None:
    result = run("check", "--format", "json", str(AGENTS / "colon-in-description.md"))
    assert result.returncode == 0, result.stderr
    (item,) = json.loads(result.stdout)
    assert item["yaml"] == "recovered"
    assert item["claude_code"] == "loads-after-quoting"
    assert item["name"] == "api-reviewer"
    assert item["fields"]["color"] == "purple"
    assert {"severity", "code", "message", "line", "column"} <= set(item["diagnostics"][0])


def test_check_exit_codes(tmp_path: Path) -> None:
    assert run("check", str(AGENTS / "clean.md")).returncode == 0
    assert run("check", str(AGENTS / "continuation-lines.md")).returncode == 1
    assert run("check", "--strict", str(AGENTS / "colon-in-description.md")).returncode == 1
    assert run("check", "--format", "yaml").returncode == 2
    assert run("check", str(tmp_path / "missing.md")).returncode == 1


def test_check_text_lists_each_file_and_a_summary(tmp_path: Path) -> None:
    result = run("check", str(AGENTS))
    lines = result.stdout.splitlines()
    assert any(
        "continuation-lines.md: recovered, Claude Code: loads-without-metadata" in x for x in lines
    )
    assert "errors" in lines[-1] and lines[-1].startswith(str(len(list(AGENTS.rglob("*.md")))))


def test_check_default_reads_repository_and_user_agents(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".claude" / "agents").mkdir(parents=True)
    (repo / ".claude" / "agents" / "a.md").write_text("---\nname: a\ndescription: d\n---\n")
    home = tmp_path / "home"
    (home / ".claude" / "agents").mkdir(parents=True)
    (home / ".claude" / "agents" / "b.md").write_text("---\nname: b\ndescription: d\n---\n")
    (repo / "sub").mkdir()
    result = run("check", "--format", "json", cwd=repo / "sub", home=home)
    names = sorted(item["name"] for item in json.loads(result.stdout))
    assert names == ["a", "b"]


@pytest.mark.parametrize(
    "content",
    [
        b"caf\xe9\n",
        b"\xff\xfe-\x00-\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"---\nx: " + b"[" * 100000,
    ],
)
def test_bad_input_never_prints_a_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(content)
    result = run("check", str(path))
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == 1


def test_check_a_folder_with_a_fifo_and_a_directory_named_md(tmp_path: Path) -> None:
    (tmp_path / "d.md").mkdir()
    os.mkfifo(tmp_path / "f.md")
    result = run("check", str(tmp_path))
    assert "Traceback" not in result.stderr
    assert "f.md: unreadable" in result.stdout
    assert "not a regular file" in result.stdout.lower()
    assert "d.md" not in result.stdout


def test_set_and_unset(tmp_path: Path) -> None:
    path = tmp_path / "agent.md"
    original = (AGENTS / "clean.md").read_text()
    path.write_text(original)
    result = run("set", str(path), "model", "opus")
    assert result.returncode == 0, result.stderr
    assert path.read_text() == original.replace("model: inherit", "model: opus")
    assert run("set", str(path), "tools", "Read, Agent(a, b)").returncode == 0
    assert "tools: Read, Agent(a, b)\n" in path.read_text()
    assert run("set", str(path), "maxTurns", "7").returncode == 0
    assert "maxTurns: 7\n" in path.read_text()
    assert run("unset", str(path), "color").returncode == 0
    assert "color:" not in path.read_text()


def test_set_refuses_bad_values_and_leaves_the_file(tmp_path: Path) -> None:
    path = tmp_path / "agent.md"
    path.write_text((AGENTS / "clean.md").read_text())
    before = path.read_bytes()
    for args in (("maxTurns", "many"), ("memory", "team"), ("background", "perhaps")):
        result = run("set", str(path), *args)
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert run("set", str(tmp_path / "nope.md"), "model", "opus").returncode == 1
    assert path.read_bytes() == before


def test_set_on_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"---\nname: caf\xe9\n---\n")
    result = run("set", str(path), "model", "opus")
    assert result.returncode == 1 and "not utf-8" in result.stderr.lower()
    assert path.read_bytes() == b"---\nname: caf\xe9\n---\n"


def test_set_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "agent.md"
    path.write_text((AGENTS / "clean.md").read_text())
    os.chmod(path, 0o444)
    before = path.read_bytes()
    result = run("set", str(path), "model", "opus")
    assert result.returncode == 1 and "read-only (mode 0444)" in result.stderr
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["agent.md"]


def test_set_warns_when_the_group_could_not_be_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file a group of its own")
    from agentui.cli.edit import run_edit
    from agentui.model import attributes

    path = tmp_path / "agent.md"
    path.write_text((AGENTS / "clean.md").read_text())
    os.chown(path, -1, 100)

    def refuse(fd: int, uid: int, gid: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(attributes.os, "fchown", refuse)
    out, err = io.StringIO(), io.StringIO()
    assert run_edit(str(path), "model", "opus", out, err) == 0
    assert "model: opus" in path.read_text()
    assert f"{path}: warning: the group changed from " in err.getvalue()


def test_version() -> None:
    result = run("--version")
    assert result.stdout.startswith("agentui ")
