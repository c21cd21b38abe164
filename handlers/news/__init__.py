"""News: links posted as cards (`/tin`), watched feeds, the careful fetcher, what a page says
about itself, and reading feed documents."""
