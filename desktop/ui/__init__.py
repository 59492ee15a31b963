"""Qt widgets of Tessera."""
