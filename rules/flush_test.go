package rules

import (
	"fmt"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/helper"
)

// The calls of one module that say the same of one line share one
// finding, which names them; a call that says something else there (its
// own principal or cluster) has its own finding, never "the same holds".
func TestFlushGroupsByLineAndMessage(t *testing.T) {
	runner := helper.TestRunner(t, map[string]string{"main.tf": ""})
	e := newEmitter(runner, NewAccessEntryReservedGroupRule())
	line := hcl.Range{Filename: "modules/team/main.tf", Start: hcl.Pos{Line: 3, Column: 3}, End: hcl.Pos{Line: 3, Column: 20}}
	other := hcl.Range{Filename: "modules/team/main.tf", Start: hcl.Pos{Line: 9, Column: 3}, End: hcl.Pos{Line: 9, Column: 20}}
	e.shared = []shared{
		{call: "module.a", msg: "module.a.aws_eks_access_entry.x gives role/ci a reserved name", rng: line},
		{call: "module.b", msg: "module.b.aws_eks_access_entry.x gives role/ops a reserved name", rng: line},
		{call: "module.c", msg: "module.c.aws_eks_access_entry.x gives role/ci a reserved name", rng: line},
		{call: "module.b", msg: "module.b.aws_eks_access_entry.y gives role/ci a reserved name", rng: other},
	}
	if err := e.flush(); err != nil {
		t.Fatal(err)
	}
	rule := NewAccessEntryReservedGroupRule()
	helper.AssertIssues(t, helper.Issues{
		{Rule: rule, Message: "module.a.aws_eks_access_entry.x gives role/ci a reserved name (the same holds for module.c, which calls the same module)", Range: line},
		{Rule: rule, Message: "module.b.aws_eks_access_entry.x gives role/ops a reserved name", Range: line},
		{Rule: rule, Message: "module.b.aws_eks_access_entry.y gives role/ci a reserved name", Range: other},
	}, runner.Issues)
}

// Many calls that say the same of one line are named in one bounded list.
func TestFlushNamesManyCallsInABoundedList(t *testing.T) {
	runner := helper.TestRunner(t, map[string]string{"main.tf": ""})
	e := newEmitter(runner, NewAccessEntryReservedGroupRule())
	line := hcl.Range{Filename: "modules/team/main.tf", Start: hcl.Pos{Line: 3, Column: 3}, End: hcl.Pos{Line: 3, Column: 20}}
	for i := 0; i < 14; i++ {
		call := fmt.Sprintf("module.t%02d", i)
		e.shared = append(e.shared, shared{call: call, msg: call + ".aws_eks_access_entry.x gives role/ci a reserved name", rng: line})
	}
	if err := e.flush(); err != nil {
		t.Fatal(err)
	}
	helper.AssertIssues(t, helper.Issues{{
		Rule:    NewAccessEntryReservedGroupRule(),
		Message: "module.t00.aws_eks_access_entry.x gives role/ci a reserved name (the same holds for module.t01, module.t02, module.t03, module.t04, module.t05, module.t06, module.t07, module.t08, module.t09, module.t10 and 3 more, which call the same module)",
		Range:   line,
	}}, runner.Issues)
}
