output "node_role_arn" { value = "arn:aws:iam::111122223333:role/nodes" }
