# A child module creates the cluster and its providers; the caller passes
# the role Terraform assumes and the roles the cluster maps. tflint reports
# a finding inside a called module on the caller's argument that fed it.

module "platform" {
  source = "./modules/platform"

  role_arn = "arn:aws:iam::111122223333:role/tfc-agent" # want eksauth_role_not_mapped `kubernetes provider authenticates to EKS cluster module\.eks as arn:aws:iam::111122223333:role/tfc-agent \(assume_role of provider aws, from var\.role_arn = the module call.s argument\), which module\.eks aws_auth_roles does not map`
  admin_roles = [
    "arn:aws:iam::111122223333:role/platform-admin",
  ]
}

module "platform_fixed" {
  source = "./modules/platform"

  role_arn = "arn:aws:iam::111122223333:role/tfc-agent" # want-none: the caller maps it
  admin_roles = [
    "arn:aws:iam::111122223333:role/platform-admin",
    "arn:aws:iam::111122223333:role/tfc-agent",
  ]
}
