"""The analyst's commands: saved searches, the shape of a filter, export."""
