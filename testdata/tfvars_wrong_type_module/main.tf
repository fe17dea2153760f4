# A local child module called with a list where it declares a string: the
# note lands on the argument, where the value must be fixed. The second
# call passes a string and is checked as usual.

module "platform" {
  source   = "./modules/platform"
  role_arn = ["arn:aws:iam::111122223333:role/ci"] # want eksauth_context_unavailable `^var\.role_arn cannot be used: the module call sets it to a value that does not fit variable "role_arn" \(modules/platform/main\.tf:3\): string required, but have tuple; Terraform rejects it`
}

module "platform_ok" {
  source   = "./modules/platform"
  role_arn = "arn:aws:iam::111122223333:role/ci" # want eksauth_role_not_mapped `kubernetes provider authenticates to EKS cluster module\.eks as arn:aws:iam::111122223333:role/ci \(assume_role of provider aws, from var\.role_arn = the module call's argument\), which module\.eks aws_auth_roles does not map`
}
