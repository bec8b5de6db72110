"""State changes. Every function here flushes and never commits: the request (or CLI command)
commits once, so a failure anywhere leaves nothing half-written."""
