"""Case 67: many agent files start within a budget, the list scrolls, and the watcher still
sees a new file. (benchmarks/ measures 10,000 files from outside; this keeps 2,000 in CI.)"""

from __future__ import annotations

import time
from pathlib import Path

from textual.pilot import Pilot

from agentui.screens.main import MainScreen
from tests.reliability.support import agent_text, build_app, settle, write

COUNT = 2_000
START_BUDGET_S = 30.0
"""Generous for a loaded CI machine; about 3 s on an idle one."""


async def test_two_thousand_agents_start_scroll_and_stay_live(
    repo: Path, home: Path, agents: Path, tmp_path: Path
) -> None:
    for index in range(COUNT):
        write(agents / f"agent-{index:05d}.md", agent_text(f"agent-{index:05d}"))
    app = build_app(repo, home, tmp_path / "config", watch=True)
    moment = time.monotonic()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, timeout=START_BUDGET_S)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        deadline = moment + START_BUDGET_S
        while len(screen.records) < COUNT and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert len(screen.records) == COUNT, "every agent is listed within the budget"
        await pilot.press("end")
        await settle(app, timeout=START_BUDGET_S)
        assert screen.current is not None and screen.current.path.name == "agent-01999.md"
        await pilot.press("home")
        await settle(app, timeout=START_BUDGET_S)
        write(agents / "zz-late.md", agent_text("zz-late"))
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if any(r.path.name == "zz-late.md" for r in screen.records):
                break
            await Pilot(app).pause(0.05)
        assert any(r.path.name == "zz-late.md" for r in screen.records), "the watcher works"
