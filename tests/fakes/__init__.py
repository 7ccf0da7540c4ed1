"""Test doubles that are real servers: fakes speak the wire protocol, not mocks."""
