"""Training and data extraction for the models; the only part of models/ that may import market."""
