# Linted with --chdir=app. The other directories are the root modules the
# scenario's .tflint.hcl names in cluster_roots: eksauth cannot find them
# by itself (a cluster read by name, a remote state in s3).
