"""Read-only queries: they take a session or plan, return plain rows, and never commit."""
