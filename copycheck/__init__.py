"""copycheck: an editorial quality checker for Arabic copy."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("copycheck")
except PackageNotFoundError:  # running from a source checkout that was never installed
    __version__ = "0.0.0+source"
