"""Reliability and safety: crashes, concurrent writers, full disks, hostile files and input."""
