# Linted with --chdir=stack; this file is not part of that run.
