package arn_test

import (
	"fmt"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// An SSO role copied from the console keeps its path, so aws-auth never
// matches it, while an access entry does.
func Example() {
	caller, err := arn.Parse("arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/alice")
	if err != nil {
		panic(err)
	}
	entry := "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123"
	fmt.Println("aws-auth:", arn.MatchAWSAuthRole(caller, entry))
	fmt.Println("access entry:", arn.MatchAccessEntry(caller, entry))
	if fixed, ok := arn.PathlessRoleARN(entry); ok {
		fmt.Println("write instead:", fixed)
	}
	// Output:
	// aws-auth: no
	// access entry: yes
	// write instead: arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123
}

// A reference tflint cannot evaluate stands in the account; the role name
// alone can still rule a match out.
func ExampleMatchAWSAuthRole_placeholder() {
	account := symbol.Wrap("data.aws_caller_identity.current.account_id")
	caller, _ := arn.Parse("arn:aws:iam::" + account + ":role/ci")
	fmt.Println(arn.MatchAWSAuthRole(caller, "arn:aws:iam::111122223333:role/ci"))
	fmt.Println(arn.MatchAWSAuthRole(caller, "arn:aws:iam::111122223333:role/admin"))
	// Output:
	// cannot tell
	// no
}
