"""One exception type for every error a user can fix: the CLI prints it as one line, HTTP as 4xx."""


class KGError(Exception):
    """A readable error about input, data or configuration (never a bug)."""

    def __init__(self, message: str, *, status: int = 400, details: list[str] | None = None):
        super().__init__(message)
        self.status = status
        self.details = details or []
