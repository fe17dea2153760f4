#!/usr/bin/env bash
# bench.sh [DIR]: times `tflint --recursive` over DIR (default: a generated
# tree of 300 realistic modules) three ways, interleaved so that machine
# noise hits all three alike: tflint alone, tflint with a no-op plugin from
# the same SDK (the start-up every plugin pays), and tflint with eksauth.
# Prints the median of each and the ratios. `make bench` runs it.
set -euo pipefail

RUNS="${RUNS:-5}"
MODULES="${MODULES:-300}"

main() {
	if [[ -n "${GENERATE_ONLY:-}" ]]; then
		# Write the generated tree and stop (for profiling one module).
		generate "$GENERATE_ONLY" "$MODULES"
		return
	fi
	cd "$(dirname "$0")/.."
	local tflint tree
	tflint="$(bash scripts/install-tflint.sh)"
	work="$(mktemp -d)"  # global: the EXIT trap needs it
	trap 'rm -rf "$work"' EXIT

	mkdir -p "$work/none" "$work/noop" "$work/eksauth"
	go build -o "$work/noop/tflint-ruleset-noop" ./internal/tools/noopplugin
	go build -o "$work/eksauth/tflint-ruleset-eksauth" .
	printf 'plugin "terraform" {\n  enabled = false\n}\n' >"$work/none.hcl"
	printf 'plugin "terraform" {\n  enabled = false\n}\nplugin "noop" {\n  enabled = true\n}\n' >"$work/noop.hcl"
	printf 'plugin "terraform" {\n  enabled = false\n}\nplugin "eksauth" {\n  enabled = true\n}\n' >"$work/eksauth.hcl"

	if [[ $# -ge 1 ]]; then
		tree="$(cd "$1" && pwd)"
	else
		tree="$work/tree"
		generate "$tree" "$MODULES"
	fi
	echo "tree: $tree ($(find "$tree" -name '*.tf' | wc -l) .tf files), $RUNS runs each, $(nproc) cores, $(go version | cut -d' ' -f3)"

	local -A times=()
	local i kind
	for ((i = 0; i < RUNS; i++)); do
		for kind in none noop eksauth; do
			times[$kind]+="$(measure "$tflint" "$tree" "$work/$kind.hcl" "$work/$kind") "
		done
	done
	local none noop eks
	# shellcheck disable=SC2086 # the times are words
	none="$(median ${times[none]})"
	noop="$(median ${times[noop]})"
	eks="$(median ${times[eksauth]})"
	printf '%-22s %8.2f s\n' "tflint alone" "$none" "tflint + no-op plugin" "$noop" "tflint + eksauth" "$eks"
	awk -v a="$noop" -v b="$eks" -v n="$none" 'BEGIN {
		printf "eksauth / no-op plugin: %.3fx\n", b / a
		printf "eksauth / tflint alone: %.3fx\n", b / n
	}'
}

# measure TFLINT TREE CONFIG PLUGIN_DIR prints the wall time of one run.
measure() {
	local start end
	start="$(date +%s%N)"
	(cd "$2" && TFLINT_PLUGIN_DIR="$4" TFLINT_DISABLE_VERSION_CHECK=1 "$1" --recursive --config="$3" --format=compact --force >/dev/null 2>&1) || true
	end="$(date +%s%N)"
	awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }'
}

median() {
	printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# generate DIR N writes N module directories shaped like a real estate:
# most manage networks, buckets and IAM; one in five builds an EKS cluster
# and manages Kubernetes objects through it.
generate() {
	local dir="$1" n="$2" i
	for ((i = 0; i < n; i++)); do
		mkdir -p "$dir/m$i"
		if ((i % 5 == 0)); then
			cat >"$dir/m$i/main.tf" <<HCL
variable "role_arn" {
  default = "arn:aws:iam::111122223333:role/deploy-$i"
}
provider "aws" {
  region = "eu-west-1"
  assume_role {
    role_arn = var.role_arn
  }
}
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name    = "c$i"
  cluster_version = "1.30"
  access_entries = {
    admin = {
      principal_arn = "arn:aws:iam::111122223333:role/admin"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}
data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}
provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token
}
provider "helm" {
  kubernetes {
    host = module.eks.cluster_endpoint
    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name]
    }
  }
}
resource "kubernetes_namespace" "apps" {
  metadata {
    name = "apps"
  }
}
HCL
		else
			cat >"$dir/m$i/main.tf" <<HCL
variable "name" {
  default = "svc-$i"
}
provider "aws" {
  region = "eu-west-1"
}
resource "aws_vpc" "this" {
  cidr_block = "10.$((i % 250)).0.0/16"
  tags       = { Name = var.name }
}
resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.this.id
  cidr_block = cidrsubnet(aws_vpc.this.cidr_block, 8, 1)
}
resource "aws_s3_bucket" "logs" {
  bucket = "\${var.name}-logs"
}
resource "aws_iam_role" "app" {
  name               = var.name
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
output "role_arn" {
  value = aws_iam_role.app.arn
}
HCL
		fi
	done
}

main "$@"
