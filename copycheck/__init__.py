"""copycheck: an editorial quality checker for Arabic copy."""

from __future__ import annotations

# The name on PyPI: "copycheck" there is an unrelated project.
DISTRIBUTION = "copycheck-arabic"
__all__ = ["Checker", "Finding", "Severity", "check_text"]


def __getattr__(name: str) -> object:
    """`__version__` is read from the installed metadata on first use only: importing
    importlib.metadata costs tens of milliseconds, and most runs never print the version. The
    Python API is imported on first use too, so `import copycheck` stays free for the CLI."""
    if name in __all__:
        from . import api

        return getattr(api, name)
    if name != "__version__":
        raise AttributeError(f"module 'copycheck' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version(DISTRIBUTION)
    except PackageNotFoundError:  # running from a source checkout that was never installed
        value = "0.0.0+source"
    globals()["__version__"] = value
    return value
