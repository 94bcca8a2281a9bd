"""deploy/: the compose file, the units, the generated settings docs, the scale-out proof."""
