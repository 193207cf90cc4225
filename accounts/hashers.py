"""Password hashing tuned for a small web machine."""

from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher


class Argon2PasswordHasher(DjangoArgon2PasswordHasher):
    """Django's Argon2id (100 MiB, 2 passes) in one lane instead of eight.

    Eight lanes run as eight threads: on a 2-core web machine each login took both cores
    from the pages being served for ~0.2 s (bench/load.py saw it in the p95 of candidate
    pages). One lane keeps a login on one core, costs less CPU in all (260 ms against
    313 ms measured here) and keeps the memory and time cost that make Argon2 hard to
    attack (well above OWASP's minimum of 19 MiB, 2 passes, 1 lane). Hashes made with
    other parameters still verify and are rehashed at the user's next login.
    """

    parallelism = 1
