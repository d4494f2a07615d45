"""What a vacancy page tells machines: schema.org JobPosting (JSON-LD), built in the domain so
the open-data stream says the same (``jobs.job_posting``)."""

from jobs.job_posting import EMPLOYMENT_TYPES, PAY_UNITS, job_posting

__all__ = ["EMPLOYMENT_TYPES", "PAY_UNITS", "job_posting"]
