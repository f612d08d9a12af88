"""Tests against real operating-system services (file watching), in temporary folders."""
