"""Argon2 with tiny costs, for tests only: the same algorithm and encoding, a hundredth of the work.

Production hashing uses Django's Argon2 defaults (settings.PASSWORD_HASHERS); tests create dozens
of users, and at 100 MB of memory per hash the cast alone would take seconds on a small machine.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 1024
    parallelism = 1
