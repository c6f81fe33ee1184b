"""Liandong (联动): the platform that runs a government-procurement joint enforcement mechanism."""

__version__ = "0.1.0"
