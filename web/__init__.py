"""The editors' web app: alerts, positions and decisions, with signed one-click actions from the email."""
