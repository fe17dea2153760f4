description = "tflint rejects a TF_VAR_ that does not parse for a non-string variable itself."
env = {
  TF_VAR_admin_roles = "arn:aws:iam::111122223333:role/admin"
}
errors = ["Extra characters after expression"]
