"""Reading the first agents while the app loads: first batch, then the rest once drawn."""

from __future__ import annotations

import queue
import subprocess
import sys
from pathlib import Path

import pytest

from agentui.model.catalog import AgentRecord
from agentui.model.scopes import repository_scopes
from agentui.screens import first_agents
from agentui.screens.first_agents import FIRST_BATCH, Batch, FirstAgents


def agents(repo: Path, count: int) -> None:
    folder = repo / ".claude" / "agents"
    folder.mkdir(parents=True)
    for index in range(count):
        name = f"agent-{index:03}"
        (folder / f"{name}.md").write_text(f"---\nname: {name}\ndescription: d\n---\n\nHi.\n")


def names(records: list[AgentRecord]) -> list[str]:
    return [record.name for record in records]


def reader(tmp_path: Path, count: int) -> FirstAgents:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    agents(repo, count)
    (tmp_path / "home").mkdir()
    return FirstAgents(repository_scopes(repo, tmp_path / "home"))


def batches(read: FirstAgents) -> queue.Queue[Batch | None]:
    """Every batch read, whether before or after taking them."""
    got: queue.Queue[Batch | None] = queue.Queue()
    for batch in read.take(got.put):
        got.put(batch)
    return got


def test_the_first_agents_then_the_rest_once_drawn(tmp_path: Path) -> None:
    count = FIRST_BATCH + 15
    read = reader(tmp_path, count).start()
    got = batches(read)
    batch = got.get(timeout=10)
    assert batch is not None
    records, complete = batch
    assert not complete and names(records) == [f"agent-{i:03}" for i in range(FIRST_BATCH)]
    with pytest.raises(queue.Empty):
        got.get(timeout=0.3)  # the rest waits for the first paint
    read.go_on.set()
    rest = got.get(timeout=10)
    assert rest is not None
    records, complete = rest
    assert complete and len(records) == count


def test_a_few_agents_are_one_complete_batch(tmp_path: Path) -> None:
    batch = batches(reader(tmp_path, 3).start()).get(timeout=10)
    assert (
        batch is not None
        and batch[1]
        and names(batch[0]) == ["agent-000", "agent-001", "agent-002"]
    )


def test_a_failure_hands_the_reading_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr("agentui.model.catalog.iter_catalog", broken)
    assert batches(reader(tmp_path, 3).start()).get(timeout=10) is None


def test_it_loads_before_textual() -> None:
    code = f"import sys, {first_agents.__name__}; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
