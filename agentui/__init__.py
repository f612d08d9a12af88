"""agentui: browse and edit coding-agent definition files without losing a byte."""

__version__ = "0.1.0"
