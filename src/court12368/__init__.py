"""court12368: the 12368 litigation service platform for Chinese courts."""

__version__ = "0.1.0"
