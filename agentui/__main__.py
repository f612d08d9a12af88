"""Entry point for ``python -m agentui``."""

from agentui.cli.main import main

raise SystemExit(main())
