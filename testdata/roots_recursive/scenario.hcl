description = "tflint --recursive over cluster/ and app/ roots joined by a local terraform_remote_state"
args        = ["--recursive"]
