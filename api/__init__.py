"""The HTTP API of the service (FastAPI): `api.app.create_app`, served by `auditor serve`."""
