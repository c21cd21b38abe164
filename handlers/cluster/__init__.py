"""The cluster: its units (member schools), their groups, invite links, organisers, and what
anyone may ask first (greeting, help, language)."""
