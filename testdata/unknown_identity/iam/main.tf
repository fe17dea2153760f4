output "deployer_arn" {
  value = "arn:aws:iam::111122223333:role/deployer"
}

output "other_arn" {
  value = "arn:aws:iam::111122223333:role/other"
}
