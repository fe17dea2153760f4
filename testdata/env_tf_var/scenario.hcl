description = "The role comes from TF_VAR_role_arn in the CI job's environment."
env = {
  TF_VAR_role_arn = "arn:aws:iam::111122223333:role/github-actions"
}
