description = "Wrong-typed values from an .auto.tfvars file, TF_VAR_ and --var-file are each named."
args        = ["--var-file=ci.tfvars"]
env = {
  TF_VAR_admin_roles  = "{ ci = \"arn:aws:iam::111122223333:role/ci\" }"
  TF_VAR_viewer_roles = "[\"arn:aws:iam::111122223333:role/viewer\"]"
}
