"""What every announcement shares: writing a notice, the cards' common machinery, previewing,
sending now or at a time, and what delivery results mean for organisers."""
