"""claimkit: validate fact-check records, export them as linked data, publish them as a site."""

__version__ = "0.1.0"
