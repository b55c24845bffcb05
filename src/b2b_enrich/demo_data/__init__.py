"""Demo-data generator: a realistic B2B CRM export with known truth.

See :func:`generate`. The truth files (``truth/person_truth.parquet``,
``truth/account_truth.parquet``) say which company/account each lead really belongs
to, which accounts are the same company or corporate family, and each profile's
hidden propensity, so that matching, related accounts and scoring can be measured.
"""

from .generator import generate

__all__ = ["generate"]
