plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled = true
  # The CI runner's instance role lives in the tooling account.
  execution_roles = ["arn:aws:iam::444455556666:role/ci-runner"]
}
