package awsauth_test

import (
	"fmt"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/awsauth"
	"github.com/zclconf/go-cty/cty"
)

func ExampleFromYAML() {
	m := awsauth.FromYAML(awsauth.RoleMapping, cty.StringVal(`
- rolearn: arn:aws:iam::111122223333:role/nodes
  username: system:node:{{EC2PrivateDNSName}}
  groups: [system:bootstrappers, system:nodes]
- role_arn: arn:aws:iam::111122223333:role/ci
  groups: [system:masters]
`))
	for _, e := range m.Entries {
		fmt.Printf("%d: %#v node=%v %q\n", e.Index, e.ARN, e.IsNode(), e.Problems)
	}
	// Output:
	// 0: cty.StringVal("arn:aws:iam::111122223333:role/nodes") node=true []
	// 1: cty.NilVal node=false ["key \"role_arn\" is not \"rolearn\": aws-auth ignores it" "rolearn is missing: aws-auth drops the entry"]
}
