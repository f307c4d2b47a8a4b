"""Monitoring dashboard of the community police officer (ПОГ) project in Kirovohrad oblast."""

__version__ = "0.1.0"
