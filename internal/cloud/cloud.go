// Package cloud holds the one description of a configuration's HCP
// Terraform backend that both sides share: package model reads it from the
// terraform block, package hcp uses it to choose workspaces. It lives on
// its own so that neither of them depends on the other: the model says
// what the configuration declares and makes no request, the client talks
// to the API and knows nothing of the configuration's other blocks.
package cloud

// Backend is what terraform { cloud { ... } } or backend "remote" { ... }
// says about where the configuration runs.
type Backend struct {
	// Kind is "cloud", "remote", or "" when there is neither.
	Kind string
	// Hostname is written as Terraform takes it: a bare host name, with
	// no scheme. Package hcp reports any other form rather than use it.
	Hostname, Organization string
	// Name selects one workspace.
	Name string
	// Tags select every workspace carrying all of them (cloud block).
	// Written as a list, they are flat tag names, which may contain
	// colons ("env:prod"). Written as a map, KeyValueTags is set and each
	// entry is "key:value" (or "key" for an empty value).
	Tags         []string
	KeyValueTags bool
	// Project narrows tag selection to one project, by name (cloud block).
	Project string
	// Prefix selects every workspace whose name starts with it (remote
	// backend): one configuration runs in several workspaces, each of
	// which is checked.
	Prefix string
}
