"""Generate a realistic, deterministic corpus of Claude Code agent files for the benchmarks.

Usage: python benchmarks/generate.py FOLDER N [--seed SEED]

Writes N agents into FOLDER/.claude/agents/ (a few at the top, the rest in sub-folders) and
creates FOLDER/.git so that agentui treats FOLDER as a repository. File sizes follow what
published agents look like: a median near 5 KB, a tail to about 30 KB and a few near 60 KB.
About 1 in 20 files has an unquoted ``: `` in its description, which strict YAML rejects and
Claude Code loads after quoting. The same seed always writes the same bytes.

Two agents exist for the filter benchmark: ``quokka-zoo-keeper`` and ``quokka-habitat-planner``.
No other agent's name, description or file name holds the letter ``q``, so the fuzzy query
``quokka`` matches exactly those two and ``quokkaz`` exactly one (checked after generating).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
from dataclasses import dataclass, field
from pathlib import Path

DOMAINS = (
    "api", "frontend", "backend", "database", "security", "docs", "release", "test",
    "performance", "accessibility", "infra", "k8s", "terraform", "python", "typescript", "rust",
    "go", "react", "django", "mobile", "ios", "android", "data", "ml", "etl", "cloud", "aws",
    "gcp", "ci", "git", "incident", "logging", "observability", "payments", "auth", "search",
    "cache", "migration", "schema", "ux", "design", "product", "seo", "content", "legal",
    "finance", "billing", "onboarding", "support", "analytics",
)  # fmt: skip
ROLES = (
    "reviewer", "architect", "debugger", "writer", "planner", "auditor", "optimizer",
    "specialist", "expert", "engineer", "tester", "analyst", "helper", "explainer", "migrator",
    "refactorer", "triager", "mentor", "researcher", "orchestrator",
)  # fmt: skip
MODIFIERS = ("", "", "", "senior", "strict", "fast", "careful", "lead")
SUBFOLDERS = (
    "engineering",
    "engineering/backend",
    "engineering/frontend",
    "data",
    "ops",
    "writing",
)
TOP_LEVEL_SHARE = 0.2
"""Share of agents directly in .claude/agents/ (the rest go to SUBFOLDERS)."""

# Description and name words never contain "q" (see the module docstring).
WORDS = (
    "the", "a", "and", "to", "of", "for", "in", "with", "when", "this", "that", "every", "each",
    "code", "change", "changes", "file", "files", "test", "tests", "review", "reviews", "agent",
    "user", "task", "tasks", "project", "module", "function", "functions", "error", "errors",
    "build", "deploy", "release", "branch", "commit", "diff", "patch", "bug", "bugs", "issue",
    "issues", "report", "reports", "plan", "plans", "design", "schema", "table", "index",
    "endpoint", "service", "services", "config", "settings", "secret", "token", "log", "logs",
    "metric", "metrics", "trace", "alert", "incident", "runbook", "docs", "guide", "example",
    "examples", "careful", "clear", "short", "safe", "fast", "slow", "small", "large", "new",
    "old", "existing", "missing", "broken", "flaky", "stable", "public", "internal", "read",
    "write", "run", "check", "find", "fix", "explain", "suggest", "list", "compare", "measure",
    "verify", "document", "summarize", "refactor", "migrate", "split", "merge", "rename",
    "remove", "add", "keep", "avoid", "prefer", "use", "before", "after", "only", "never",
    "always", "first", "then", "finally", "carefully", "proactively", "whenever", "because",
    "so", "but", "not", "all", "any", "its", "their", "your", "it", "them", "one", "two",
)  # fmt: skip
BODY_EXTRA = (
    "query", "quality", "request", "requests", "require", "unique", "quickly", "SQL", "queue",
    "latency", "throughput", "regression", "coverage", "fixture", "snapshot", "dependency",
    "dependencies", "interface", "contract", "invariant", "rollback", "migration", "cluster",
)  # fmt: skip
BODY_WORDS = WORDS + BODY_EXTRA
TOOLS = (
    "Read", "Write", "Edit", "MultiEdit", "Bash", "Grep", "Glob", "WebFetch", "WebSearch",
    "TodoWrite", "NotebookEdit", "Task",
)  # fmt: skip
BASH_TOOLS = ("Bash(git diff:*)", "Bash(npm test:*)", "Bash(pytest:*)", "Bash(make *)")
MODELS = ("sonnet", "opus", "haiku", "inherit")
COLORS = ("red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan")
SECTION_TITLES = (
    "Core Responsibilities", "How to Start", "Workflow", "What to Look For", "Output Format",
    "Constraints", "Examples", "Checklist", "Edge Cases", "When to Stop", "Tools", "Style",
    "Reporting", "Escalation", "Common Mistakes", "Review Process", "Principles",
)  # fmt: skip
LANGUAGES = ("bash", "python", "typescript", "json", "yaml", "")
FILTER_TARGET = "quokka-zoo-keeper"
FILTER_DECOY = "quokka-habitat-planner"
FILTER_PREFIX = "quokka"
FILTER_QUERY = "quokkaz"


@dataclass(slots=True)
class Agent:
    """One generated agent.

    Attributes:
        relative: the file's path under .claude/agents/.
        name: the ``name:`` field.
        heading: the text of the body's first heading (without the ``#``).
        description: the description's value as a reader sees it.
        invalid_yaml: whether strict YAML rejects the frontmatter.
        size: the file's size in bytes.
    """

    relative: Path
    name: str
    heading: str
    description: str
    invalid_yaml: bool = False
    size: int = 0


@dataclass(slots=True)
class Corpus:
    """A generated corpus and what the benchmarks look for in it.

    Attributes:
        root: the repository folder (holds .git and .claude/agents/).
        agents: every agent, in the order agentui's tree lists them.
        filter_prefix: typed first; matches exactly two agents.
        filter_query: the whole query; matches exactly ``filter_target``.
        filter_target: the one agent ``filter_query`` matches.
        filter_decoy: the other agent ``filter_prefix`` matches.
    """

    root: Path
    agents: list[Agent] = field(default_factory=list)
    filter_prefix: str = FILTER_PREFIX
    filter_query: str = FILTER_QUERY
    filter_target: str = FILTER_TARGET
    filter_decoy: str = FILTER_DECOY

    @property
    def agents_dir(self) -> Path:
        """The project's agent folder."""
        return self.root / ".claude" / "agents"

    def path(self, agent: Agent) -> Path:
        """The file of ``agent``."""
        return self.agents_dir / agent.relative

    def files(self) -> list[Path]:
        """Every agent file, in tree order."""
        return [self.path(a) for a in self.agents]

    def size_summary(self) -> str:
        """Sizes in words: total, median, 90th percentile and largest, and invalid YAML."""
        sizes = sorted(a.size for a in self.agents)
        p90 = sizes[min(len(sizes) - 1, int(len(sizes) * 0.9))]
        invalid = sum(a.invalid_yaml for a in self.agents)
        return (
            f"{len(sizes):,} files, {sum(sizes) / 1e6:.1f} MB, median "
            f"{statistics.median(sizes) / 1024:.1f} KiB, p90 {p90 / 1024:.1f} KiB, largest "
            f"{sizes[-1] / 1024:.1f} KiB, invalid YAML {invalid}"
        )


def _sentence(rng: random.Random, words: tuple[str, ...], low: int = 7, high: int = 18) -> str:
    chosen = rng.choices(words, k=rng.randint(low, high))
    chosen[0] = chosen[0].capitalize()
    return " ".join(chosen) + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, BODY_WORDS) for _ in range(rng.randint(2, 6)))


def _code_block(rng: random.Random) -> str:
    language = rng.choice(LANGUAGES)
    lines = []
    for _ in range(rng.randint(3, 12)):
        indent = "    " * rng.randint(0, 2)
        words = rng.choices(BODY_WORDS, k=rng.randint(2, 7))
        if language == "python":
            lines.append(f"{indent}{words[0]}_{words[-1]} = check({', '.join(words[1:-1])!r})")
        elif language == "bash":
            lines.append(f"{words[0]} --{words[-1]} {' '.join(words[1:-1])}")
        elif language == "json":
            lines.append(f'{indent}"{words[0]}": "{" ".join(words[1:])}",')
        elif language == "yaml":
            lines.append(f"{indent}{words[0]}: {' '.join(words[1:])}")
        else:
            lines.append(f"{indent}{' '.join(words)}")
    return f"```{language}\n" + "\n".join(lines) + "\n```"


def _section(rng: random.Random, level: int) -> str:
    parts = [f"{'#' * level} {rng.choice(SECTION_TITLES)}", _paragraph(rng)]
    for _ in range(rng.randint(1, 3)):
        kind = rng.random()
        if kind < 0.4:
            bullet = "-" if rng.random() < 0.7 else "*"
            parts.append(
                "\n".join(
                    f"{bullet} {_sentence(rng, BODY_WORDS, 4, 14)}"
                    for _ in range(rng.randint(3, 8))
                )
            )
        elif kind < 0.6:
            parts.append(
                "\n".join(
                    f"{i}. {_sentence(rng, BODY_WORDS, 5, 16)}" for i in range(1, rng.randint(3, 8))
                )
            )
        elif kind < 0.75:
            parts.append(_code_block(rng))
        elif kind < 0.8:
            parts.append(f"> **Note:** {_sentence(rng, BODY_WORDS)}")
        else:
            parts.append(_paragraph(rng))
    return "\n\n".join(parts)


def _target_size(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.03:
        return rng.randint(45_000, 75_000)
    if roll < 0.10:
        return rng.randint(12_000, 30_000)
    return max(1_200, min(12_000, int(rng.lognormvariate(8.5, 0.45))))


def _body(rng: random.Random, heading: str, size: int) -> str:
    parts = [f"# {heading}", _paragraph(rng)]
    total = sum(len(p) + 2 for p in parts)
    while total < size:
        section = _section(rng, 2 if rng.random() < 0.75 else 3)
        parts.append(section)
        total += len(section) + 2
    return "\n\n".join(parts) + "\n"


def _description(rng: random.Random, name: str, invalid: bool) -> tuple[str, str]:
    """The description's YAML lines and its value as people read it."""
    subject = name.replace("-", " ")
    lead = _sentence(rng, WORDS, 6, 14)
    if invalid:
        # An unquoted ": " after the first words: strict YAML stops there, Claude Code retries.
        value = f"Use this agent when: the user asks for {subject} work. {lead}"
        return f"description: {value}", value
    style = rng.random()
    if style < 0.45:
        value = f"{lead} Use proactively for {subject} tasks."
        return f"description: {value}", value
    if style < 0.8:
        # The long double-quoted form with escaped newlines and <example> blocks.
        examples = []
        for _ in range(rng.randint(1, 3)):
            examples.append(
                f'<example>\\nContext: {_sentence(rng, WORDS)}\\nuser: \\"{_sentence(rng, WORDS)}'
                f'\\"\\nassistant: \\"I will use the {name} agent.\\"\\n<commentary>\\n'
                f"{_sentence(rng, WORDS)}\\n</commentary>\\n</example>"
            )
        escaped = f"Use this agent for {subject} work. {lead}\\n\\nExamples:\\n" + "\\n".join(
            examples
        )
        value = escaped.replace("\\n", "\n").replace('\\"', '"')
        return f'description: "{escaped}"', value
    lines = [_sentence(rng, WORDS, 5, 10) for _ in range(rng.randint(2, 4))]
    value = " ".join(lines)
    return "description: >-\n" + "\n".join(f"  {x}" for x in lines), value


def _tools(rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.25:
        return None
    tools = rng.sample(TOOLS, rng.randint(2, 7))
    if rng.random() < 0.2:
        tools.append(rng.choice(BASH_TOOLS))
    if roll < 0.3:
        return "tools:\n" + "\n".join(f"  - {t}" for t in tools)
    return "tools: " + ", ".join(tools)


def _agent_text(rng: random.Random, agent: Agent, size: int) -> str:
    description_lines, agent.description = _description(rng, agent.name, agent.invalid_yaml)
    lines = ["---", f"name: {agent.name}", description_lines]
    tools = _tools(rng)
    if tools:
        lines.append(tools)
    if rng.random() < 0.8:
        lines.append(f"model: {rng.choice(MODELS)}")
    if rng.random() < 0.7:
        lines.append(f"color: {rng.choice(COLORS)}")
    lines.append("---")
    front = "\n".join(lines) + "\n\n"
    return front + _body(rng, agent.heading, max(600, size - len(front)))


def _names(rng: random.Random, n: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        parts = [rng.choice(MODIFIERS), rng.choice(DOMAINS), rng.choice(ROLES)]
        base = "-".join(p for p in parts if p)
        name, suffix = base, 2
        while name in seen:
            name, suffix = f"{base}-{suffix}", suffix + 1
        seen.add(name)
        names.append(name)
    return names


def _title(name: str) -> str:
    return " ".join(w.capitalize() for w in name.split("-"))


def _tree_order_key(relative: Path) -> tuple[tuple[int, str], ...]:
    """Sort key matching agentui's walk: a folder's files first, then its sub-folders, by name."""
    *folders, name = relative.parts
    return tuple((1, f) for f in folders) + ((0, name),)


def _fuzzy_matches(query: str, text: str) -> bool:
    """Whether ``query`` is a case-insensitive subsequence of ``text`` (fuzzy matching's bound)."""
    position = 0
    text = text.lower()
    for letter in query.lower():
        position = text.find(letter, position) + 1
        if position == 0:
            return False
    return True


def generate(folder: str | os.PathLike[str], n: int, seed: int = 0) -> Corpus:
    """Write ``n`` agent files into ``folder``/.claude/agents/ and create ``folder``/.git.

    Args:
        folder: the repository folder; created when missing. Existing agent files there are
            left alone, so use an empty folder.
        n: how many agents (at least 3).
        seed: the random seed; the same seed writes the same bytes.

    Returns:
        The corpus: its agents in tree order and the filter query to type.
    """
    if n < 3:
        raise ValueError("generate needs at least 3 agents")
    rng = random.Random(seed)
    corpus = Corpus(Path(folder))
    (corpus.root / ".git").mkdir(parents=True, exist_ok=True)
    names = _names(rng, n - 2)
    agents: list[Agent] = []
    for name in names:
        folder_name = "" if rng.random() < TOP_LEVEL_SHARE else rng.choice(SUBFOLDERS)
        # Some files are named differently from the agent inside, as in published sets.
        stem = name if rng.random() < 0.9 else f"{name.split('-')[-1]}-{rng.randint(1, 999)}"
        agents.append(
            Agent(
                Path(folder_name, f"{stem}.md"),
                name,
                _title(name),
                "",
                invalid_yaml=rng.random() < 0.05,
            )
        )
    for name in (FILTER_TARGET, FILTER_DECOY):
        agents.append(Agent(Path(rng.choice(SUBFOLDERS), f"{name}.md"), name, _title(name), ""))
    # Two agents can share a file stem only by chance; keep the first.
    unique: dict[Path, Agent] = {}
    for agent in agents:
        while agent.relative in unique:
            agent.relative = agent.relative.with_name(f"{agent.relative.stem}-x.md")
        unique[agent.relative] = agent
    agents.sort(key=lambda a: _tree_order_key(a.relative))
    if agents[0].relative.parent != Path("."):
        raise RuntimeError("no agent at the top of .claude/agents; use more agents")
    # The first agent in the tree is the one shown at start: keep it typical and valid.
    first = agents[0]
    first.invalid_yaml = False
    first.heading = _title(first.name.split("-")[-1]) + " Playbook"
    for agent in agents:
        if agent is first:
            size = 5_000
        elif agent.name == FILTER_DECOY:
            size = 3_000
        else:
            size = _target_size(rng)
        if agent.name == FILTER_DECOY:
            text = (
                f"---\nname: {agent.name}\ndescription: Plans habitats for the animals.\n"
                f"model: sonnet\n---\n\n" + _body(rng, agent.heading, size)
            )
            agent.description = "Plans habitats for the animals."
        else:
            text = _agent_text(rng, agent, size)
        path = corpus.path(agent)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        agent.size = len(data)
    corpus.agents = agents
    _check_filter(corpus)
    return corpus


def _check_filter(corpus: Corpus) -> None:
    def matching(query: str) -> list[str]:
        return [
            a.name
            for a in corpus.agents
            if any(
                _fuzzy_matches(query, text)
                for text in (a.name, a.description[:300], a.relative.name)
            )
        ]

    prefix, full = matching(corpus.filter_prefix), matching(corpus.filter_query)
    if sorted(prefix) != sorted([corpus.filter_target, corpus.filter_decoy]) or full != [
        corpus.filter_target
    ]:
        raise RuntimeError(f"filter query is ambiguous: {prefix} / {full}")


def main() -> None:
    """Command line: generate a corpus and print its sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    corpus = generate(options.folder, options.n, options.seed)
    print(f"{corpus.agents_dir}: {corpus.size_summary()}")


if __name__ == "__main__":
    main()
