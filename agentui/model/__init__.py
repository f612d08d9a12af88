"""The document model: read, judge, edit and save agent files. Knows nothing of Textual."""
