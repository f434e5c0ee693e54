"""What every app shares: below roles/, importing none of our apps (see docs and ARCHITECTURE)."""
