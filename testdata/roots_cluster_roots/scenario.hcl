description = "cluster_roots: clusters matched by name and by the state an s3 remote state reads"
args        = ["--chdir=app"]
