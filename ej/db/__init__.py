"""Database pieces of the project that Django settings point to (engines)."""
