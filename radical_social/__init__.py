"""radical_social: turn a real-world event into a small, deliberate promotion kit."""
