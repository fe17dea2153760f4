package model

import "testing"

func TestConstraintVersion(t *testing.T) {
	for _, tc := range []struct {
		in           string
		major, minor int
		ok           bool
	}{
		{"~> 19.0", 19, -1, true},
		{"~> 19.15", 19, -1, true},
		{"~> 20.8.5", 20, 8, true},
		{"20.8.4", 20, 8, true},
		{"= 18.17.0", 18, 17, true},
		{"18.31.2", 18, 31, true},
		{"~> 18.0", 18, -1, true},
		{">= 20.0, < 21.0", 20, -1, true},
		{">= 18.0, < 18.20", 18, 19, true},
		{">= 18.0", 0, 0, false},
		{"~>20.33.0", 20, 33, true},
		{"~> 21", 21, -1, true},
		{"", 0, 0, false},
		{"garbage", 0, 0, false},
	} {
		v, ok := constraintVersion(tc.in)
		if ok != tc.ok || ok && (v.Major != tc.major || v.Minor != tc.minor) {
			t.Errorf("constraintVersion(%q) = %+v, %v; want %d.%d, %v", tc.in, v, ok, tc.major, tc.minor, tc.ok)
		}
	}
}

func TestVersionOrder(t *testing.T) {
	v18 := Version{Major: 18, Minor: -1, Known: true}
	if !v18.AtLeast(18, 20) || v18.Before(18, 20) {
		t.Errorf("the newest 18.x is at least 18.20")
	}
	v1817 := Version{Major: 18, Minor: 17, Known: true}
	if v1817.AtLeast(18, 20) || !v1817.Before(18, 20) {
		t.Errorf("18.17 is before 18.20")
	}
	if (Version{}).AtLeast(0, 0) || (Version{}).Before(99, 0) {
		t.Errorf("an unknown version is neither")
	}
}

func TestRefAndInputVersion(t *testing.T) {
	v, ok := refVersion("git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v20.8.4")
	if !ok || v.Major != 20 || v.Minor != 8 {
		t.Errorf("refVersion = %+v, %v", v, ok)
	}
	if _, ok := refVersion("github.com/terraform-aws-modules/terraform-aws-eks?ref=0123abcd"); ok {
		t.Errorf("a commit ref is no version")
	}
	for in, want := range map[string]int{"access_entries": 20, "aws_auth_roles": 19, "map_roles": 17, "kubernetes_version": 21} {
		v, ok := inputVersion(map[string]bool{in: true, "cluster_name": true})
		if !ok || v.Major != want {
			t.Errorf("inputVersion(%s) = %+v", in, v)
		}
	}
	if v, _ := inputVersion(map[string]bool{"name": true}); v.Major != 21 {
		t.Errorf("name without cluster_name is v21: %+v", v)
	}
}
