"""Shared API plumbing: the error envelope, pagination and base exceptions."""
