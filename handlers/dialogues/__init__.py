"""Guided dialogues: a creating command sent alone in a private chat asks one thing at a time."""
