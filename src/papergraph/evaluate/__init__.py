"""How papergraph's extraction is judged: scorers and dev-set loaders behind ``papergraph eval``."""
