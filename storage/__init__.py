"""The database edge: models, engine/session, and the article and position stores."""
