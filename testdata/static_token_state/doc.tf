# Linted with --chdir=apps. cluster/ is the root module that creates the
# cluster and, on its last apply, wrote a token into its state outputs.
