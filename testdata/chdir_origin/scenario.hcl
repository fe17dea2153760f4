description = "tflint --chdir: the tfvars origin is still found, relative to where tflint was started."
args        = ["--chdir=stack"]
