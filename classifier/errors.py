"""Exceptions: for bugs and misconfiguration only. Bad input is data (`model.Problem`), never raised.

ClassifierError
├── ConfigError          a setting, taxonomy or rule file is invalid (names the input, file and line)
├── ServiceError         an outside service failed after retries
│   ├── GitHubError
│   ├── LLMError
│   └── StoreError
└── LimitExceeded        an input is larger than allowed (turned into a Problem by the source)
"""

from __future__ import annotations


class ClassifierError(Exception):
    """Root of every exception this package raises on purpose."""


class ConfigError(ClassifierError):
    """A setting, taxonomy or rule file is invalid."""


class ServiceError(ClassifierError):
    """An outside service failed after retries."""


class GitHubError(ServiceError):
    pass


class LLMError(ServiceError):
    pass


class StoreError(ServiceError):
    pass


class LimitExceeded(ClassifierError):
    """An input exceeds a size limit."""
