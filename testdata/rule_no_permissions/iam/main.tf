output "role_arn" {
  value = "arn:aws:iam::111122223333:role/release"
}
