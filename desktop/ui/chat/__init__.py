"""The Chat page: conversations, the transcript, the composer, the inspector, model loading."""
