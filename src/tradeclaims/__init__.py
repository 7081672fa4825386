"""Check published claims about trade against official statistics."""

__version__ = "0.1.0"
