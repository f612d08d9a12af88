"""RELIABILITY.md cases that no other test covers: permissions, crashes, hostile input."""
