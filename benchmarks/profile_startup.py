"""Profile agentui's startup at 10,000 agents with pyinstrument, in-process and headless.

Usage: python benchmarks/profile_startup.py [--agents 10000] [--source HEAD]
       [--output benchmarks/profile-10000.txt]

Needs pyinstrument (``pip install pyinstrument``; not a dependency of agentui). Generates the
corpus of generate.py, then profiles, from before ``import agentui.app`` until the tree lists
the agents and the first agent's Markdown preview is rendered, the app in ``App.run_test()``
at 120x40. pyinstrument samples one thread only, so the catalog load, which agentui runs in
a thread worker, is made to run on the event loop here (same function, same arguments): the
profile shows all the work of a start, serialised. A second, shorter profile covers the
filter's last keystroke at the same size.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pyinstrument import Profiler
from pyinstrument.frame import Frame

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import snapshot_source  # noqa: E402

TREE_LINES = 160
"""Lines of the call tree kept in the output."""
FLAT_LINES = 45
"""Lines of each flat (per-function) listing kept."""


def _top(text: str, lines: int) -> str:
    kept = text.splitlines()
    more = f"\n... ({len(kept) - lines} more lines)" if len(kept) > lines else ""
    return "\n".join(kept[:lines]) + more


PHASES: tuple[tuple[str, Callable[[str, str], bool]], ...] = (
    ("module imports (every <module> body run)", lambda f, p: f == "<module>"),
    ("load_catalog: find, read and parse every file", lambda f, p: f == "load_catalog"),
    ("  parse_document (within load_catalog)", lambda f, p: f == "parse_document"),
    ("AgentTree.set_records: build the tree nodes", lambda f, p: f == "set_records"),
    ("Tree widget (textual/widgets/_tree.py)", lambda f, p: p.endswith("widgets/_tree.py")),
    ("Markdown preview (textual/widgets/_markdown.py)", lambda f, p: p.endswith("_markdown.py")),
    ("TextArea (raw view, loaded at selection)", lambda f, p: p.endswith("_text_area.py")),
    ("Frontmatter pane (agentui)", lambda f, p: "frontmatter_pane" in p),
    ("Textual CSS (textual/css/)", lambda f, p: "textual/css/" in p),
    ("Compositor (textual/_compositor.py)", lambda f, p: p.endswith("textual/_compositor.py")),
)
"""Inclusive phases: the time under the outermost call matching each (rows overlap)."""


LAYOUT = tuple(
    f"textual/{x}"
    for x in ("_compositor", "layouts/", "_arrange", "_resolve", "geometry", "_layout",
              "box_model", "_spatial_map", "_partition")
)  # fmt: skip
RENDERING = tuple(
    f"textual/{x}"
    for x in ("strip", "_styles_cache", "_segment_tools", "visual", "content", "_border",
              "filter", "color", "renderables/", "_context", "style")
)  # fmt: skip
DOM = tuple(
    f"textual/{x}"
    for x in ("widget.py", "dom.py", "message_pump", "_callback", "reactive", "app.py",
              "screen.py", "timer", "_queue", "message.py", "events.py", "cache.py",
              "__init__.py", "walk", "_node_list", "signal", "binding", "actions")
)  # fmt: skip


def _group(path: str) -> str | None:
    """The group a frame's own time belongs to; None: its caller's (stdlib, built-ins)."""
    checks = (
        ("agentui/model/", "agentui.model (reading, parsing, judging files)"),
        ("agentui/", "agentui UI (screens, widgets)"),
        ("/yaml/", "PyYAML"),
        ("markdown_it", "markdown-it-py (Markdown parsing)"),
        ("textual/widgets/_markdown", "Textual Markdown widget"),
        ("textual/widgets/_tree", "Textual Tree widget"),
        ("textual/css/", "Textual CSS and styles"),
        ("rich/", "Rich (text, segments)"),
        *((m, "Textual layout and compositor") for m in LAYOUT),
        *((m, "Textual rendering (strips, styles cache, content)") for m in RENDERING),
        *((m, "Textual DOM, widgets and message dispatch") for m in DOM),
        ("textual/", "Textual, other"),
        ("pyinstrument", "pyinstrument"),
        ("asyncio/", "asyncio event loop"),
    )
    for marker, name in checks:
        if marker in path:
            return name
    return None


def _breakdown(profiler: Profiler) -> str:
    session = profiler.last_session
    assert session is not None
    root = session.root_frame()
    if root is None:
        return "(empty profile)\n"
    total = root.time or 1.0
    phases = dict.fromkeys((label for label, _ in PHASES), 0.0)
    own: dict[str, float] = {}
    stack: list[tuple[Frame, frozenset[str], str, bool]] = [(root, frozenset(), "other", False)]
    while stack:
        frame, active, inherited, importing = stack.pop()
        path = (frame.file_path or "").replace("\\", "/")
        importing = importing or (frame.function == "<module>" and __file__ != frame.file_path)
        group = _group(path) or inherited
        if importing:
            group = "imports (module bodies and importlib)"
        if frame.function in ("epoll.poll", "select.select", "select.epoll.poll"):
            group = "idle: waiting in the event loop"
        matched = set(active)
        for label, test in PHASES:
            if label not in active and test(frame.function, path):
                phases[label] += frame.time
                matched.add(label)
        own[group] = own.get(group, 0.0) + frame.total_self_time
        for child in frame.children:
            if not child.is_synthetic:
                stack.append((child, frozenset(matched), group, importing))
    lines = [f"{'Phase (inclusive; rows overlap)':55s} {'seconds':>8s} {'share':>7s}"]
    for label, seconds in phases.items():
        lines.append(f"{label:55s} {seconds:8.2f} {seconds / total:7.1%}")
    lines += [
        "",
        f"{'Own time by code (rows add up to the total)':62s} {'seconds':>8s} {'share':>7s}",
    ]
    for name, seconds in sorted(own.items(), key=lambda item: -item[1]):
        lines.append(f"{name:62s} {seconds:8.2f} {seconds / total:7.1%}")
    lines.append(f"{'total':62s} {total:8.2f}")
    return "\n".join(lines) + "\n"


def _render(profiler: Profiler, title: str) -> str:
    session = profiler.last_session
    assert session is not None
    parts = [
        f"== {title}: {session.duration:.2f} s wall, {session.cpu_time:.2f} s CPU ==",
        "",
        _breakdown(profiler),
        "-- Functions by own time (pyinstrument flat view), top; pyinstrument merges every",
        "   function's '[self]' remainder into one row, left out here --",
        _top(
            "\n".join(
                line
                for line in profiler.output_text(
                    unicode=True, flat=True, flat_time="self", time="percent_of_total"
                ).splitlines()
                if "[self]" not in line
            ),
            FLAT_LINES,
        ),
        "",
        "-- Call tree (pyinstrument's condensed view), top --",
        _top(profiler.output_text(unicode=True, show_all=False), TREE_LINES),
    ]
    return "\n".join(parts) + "\n"


class GcClock:
    """Time spent in the garbage collector, per generation, while running."""

    def __init__(self) -> None:
        self.seconds = [0.0, 0.0, 0.0]
        self.counts = [0, 0, 0]
        self._started = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds[info["generation"]] += time.perf_counter() - self._started
            self.counts[info["generation"]] += 1

    def __enter__(self) -> GcClock:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)

    def summary(self) -> str:
        """The collections in words."""
        return ", ".join(
            f"gen{g}: {self.counts[g]} collections, {self.seconds[g] * 1000:.0f} ms"
            for g in range(3)
        )


async def _session(base: Path, info: dict[str, str], profile: bool) -> dict[str, object]:
    """Start agentui headless on the corpus, then type the filter's last key.

    Args:
        base: holds repo/, home/ and config/.
        info: what generate.py made: agent count, first heading, filter keys.
        profile: run pyinstrument; else only clocks (no profiler overhead).

    Returns:
        Timings in seconds, garbage collection summaries and, when profiling, the profilers.
    """
    timings: dict[str, float] = {}
    startup = Profiler(interval=0.001, async_mode="disabled") if profile else None
    startup_gc = GcClock().__enter__()
    if startup:
        startup.start()
    started = time.perf_counter()
    from agentui.app import AgentUI
    from agentui.model.scopes import repository_scopes
    from agentui.screens import main as main_screen
    from agentui.settings import Settings
    from agentui.widgets.agent_tree import AgentTree

    timings["import agentui.app"] = time.perf_counter() - started

    def clocked(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object, **kwargs: object) -> object:
            begun = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - begun

        return wrapper

    from agentui.model import catalog

    note = "the catalog load runs on the event loop (made synchronous for the profile)"
    if hasattr(main_screen.MainScreen, "load_agents"):
        load_catalog = clocked("load_catalog", catalog.load_catalog)

        def load_agents(self: main_screen.MainScreen) -> None:
            self.post_message(self.CatalogLoaded(load_catalog(self.scopes)))

        main_screen.MainScreen.load_agents = load_agents
    else:
        note = "MainScreen.load_agents not found: the catalog load ran in its thread, unseen"
    AgentTree.set_records = clocked("AgentTree.set_records", AgentTree.set_records)
    total = int(info["agents"])
    app = AgentUI(
        repository_scopes(base / "repo", base / "home"),
        Settings.load(base / "config"),
        subtitle=str(base / "repo"),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.perf_counter() + 600
        while time.perf_counter() < deadline:
            await pilot.pause(0.005)
            screen = app.screen
            records = getattr(screen, "records", [])
            markdown = list(screen.query("Markdown"))
            if len(records) >= total and markdown and info["heading"] in markdown[0].source:
                break
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        timings["startup"] = time.perf_counter() - started
        if startup:
            startup.stop()
        startup_gc.__exit__()

        tree_pane = app.screen.query_one("#tree-pane")
        await pilot.press("slash", *info["prefix"])
        while str(tree_pane.border_subtitle) != f"2/{total}":
            await pilot.pause(0.01)
        await pilot.pause(1.0)
        keystroke = Profiler(interval=0.001, async_mode="disabled") if profile else None
        with GcClock() as key_gc:
            if keystroke:
                keystroke.start()
            key_started = time.perf_counter()
            await pilot.press(*info["last"])
            while str(tree_pane.border_subtitle) != f"1/{total}":
                await pilot.pause(0.001)
            await pilot.pause()
            timings["filter keystroke"] = time.perf_counter() - key_started
            if keystroke:
                keystroke.stop()
        await pilot.press("ctrl+q")
    return {
        "timings": timings,
        "gc_startup": startup_gc.summary(),
        "gc_keystroke": key_gc.summary(),
        "note": note,
        "profilers": (startup, keystroke),
    }


def _timing_lines(title: str, result: dict[str, object]) -> list[str]:
    timings = result["timings"]
    assert isinstance(timings, dict)
    startup = timings.get("startup", 0.0) or 1.0
    lines = [title]
    for name in ("import agentui.app", "load_catalog", "AgentTree.set_records", "startup"):
        if name in timings:
            share = "" if name == "startup" else f"  ({timings[name] / startup:.0%} of startup)"
            lines.append(f"  {name:24s} {timings[name]:7.2f} s{share}")
    lines.append(f"  {'filter keystroke':24s} {timings.get('filter keystroke', 0.0):7.2f} s")
    lines.append(f"  garbage collection during startup: {result['gc_startup']}")
    lines.append(f"  garbage collection during the keystroke: {result['gc_keystroke']}")
    return lines


def main() -> int:
    """Generate the corpus, time a start without the profiler, profile one, write the output."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", default="HEAD", help="git ref, or 'worktree'")
    parser.add_argument("--output", type=Path, default=HERE / "profile-10000.txt")
    parser.add_argument("--timings-only", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.timings_only:
        # The child: a start without the profiler, in a fresh interpreter (cold imports).
        base = options.timings_only
        info = json.loads((base / "info.json").read_text(encoding="utf-8"))
        sys.path.insert(0, info["source_dir"])
        result = asyncio.run(_session(base, info, profile=False))
        result.pop("profilers")
        print(json.dumps(result))
        return 0
    with tempfile.TemporaryDirectory(prefix="agentui-profile-") as tmp:
        base = Path(tmp)
        source, source_text = snapshot_source(options.source, base / "source")
        corpus = generate(base / "repo", options.agents, options.seed)
        (base / "home").mkdir()
        os.environ["HOME"] = str(base / "home")
        os.environ["AGENTUI_CONFIG_DIR"] = str(base / "config")
        info = {
            "agents": str(len(corpus.agents)),
            "heading": corpus.agents[0].heading,
            "prefix": corpus.filter_prefix,
            "last": corpus.filter_query[len(corpus.filter_prefix) :],
            "source_dir": str(source),
        }
        (base / "info.json").write_text(json.dumps(info), encoding="utf-8")
        child = subprocess.run(
            [sys.executable, __file__, "--timings-only", str(base)],
            capture_output=True,
            text=True,
            check=True,
        )
        plain = json.loads(child.stdout.strip().splitlines()[-1])
        sys.path.insert(0, str(source))
        profiled = asyncio.run(_session(base, info, profile=True))
    startup, keystroke = profiled["profilers"]
    header = [
        f"agentui startup profile: {corpus.size_summary()}",
        f"agentui measured: {source_text}",
        f"Python {sys.version.split()[0]}, pyinstrument, App.run_test(size=(120, 40)), headless; "
        f"{profiled['note']}.",
        "Startup = from before `import agentui.app` until the tree holds every agent and the",
        "first agent's Markdown preview is rendered. Filter keystroke = the last key of the",
        "query until the tree pane's border says 1/N and the app is idle.",
        f"Command: {' '.join([os.path.basename(sys.executable), *sys.argv])}",
        "",
        *_timing_lines("Without the profiler (a fresh interpreter, clocks only):", plain),
        "",
        *_timing_lines("With the profiler (pyinstrument slows call-heavy code most):", profiled),
        "",
    ]
    text = (
        "\n".join(header)
        + _render(startup, "Startup")
        + "\n\n"
        + _render(keystroke, "Filter: last keystroke")
    )
    options.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
