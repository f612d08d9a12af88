"""The model layer must not load Textual: it runs headless, in ``agentui check``."""

from __future__ import annotations

import subprocess
import sys


def test_model_does_not_import_textual() -> None:
    code = (
        "import sys, agentui.model.files, agentui.model.edit, agentui.model.discovery, "
        "agentui.cli.check, agentui.cli.edit; "
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_safe_loader_everywhere() -> None:
    from pathlib import Path

    import agentui

    root = Path(agentui.__file__).parent
    for source in root.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        for banned in ("yaml.load(", "UnsafeLoader", "FullLoader", "yaml.unsafe_load"):
            assert banned not in text, f"{source}: {banned}"
