"""The inspectors' dashboard, served by `auditor serve` at `/` beside the API (`dashboard.routes`)."""
