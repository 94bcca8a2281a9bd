"""Re-export of `pipeline.model.DocumentResult`, kept so existing imports keep working."""

from pipeline.model import DocumentResult, Status

__all__ = ["DocumentResult", "Status"]
