"""Settings > Backends: the servers Tessera generates on besides this computer."""
