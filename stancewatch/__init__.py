"""stancewatch: watch the Ukraine–Russia negotiation positions move, article by article."""

__version__ = "0.1.0"
