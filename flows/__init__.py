"""Prefect flows and tasks: the only place that orchestrates HTTP, storage and mail."""
