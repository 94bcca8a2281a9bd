"""Queue workers (dramatiq): broker setup, the actors, the sandbox that bounds one document's
audit, the restarting supervisor, the embedded in-process worker, and a local process stack."""
