"""Tests of the web pages (tests/web/conftest.py has the fixtures)."""
