"""The command-line face: parse, call the library, format."""
