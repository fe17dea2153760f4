package model

// Baseline is the same module at another git revision, for comparing
// paths: what a pull request changes about who authenticates where.
type Baseline struct {
	// Ref is the revision as the user named it, e.g. origin/main.
	Ref string
	// Model is the module at Ref; nil when the module did not exist there.
	Model *Model
}

// SetBaseline attaches the baseline the paths are compared with.
func (m *Model) SetBaseline(b *Baseline) { m.baseline = b }

// Baseline returns the attached baseline, or nil.
func (m *Model) Baseline() *Baseline { return m.baseline }

// BasePath is the path of the same provider in the same context to the
// same cluster at the baseline, or nil when it did not exist there (a new
// provider, module or context, or a provider that now authenticates to
// another cluster: the role it presents meets that cluster's grants for
// the first time, so it is as new as a new provider).
func (m *Model) BasePath(p *Path) *Path {
	if m.baseline == nil || m.baseline.Model == nil {
		return nil
	}
	for _, bp := range m.baseline.Model.Paths {
		if bp.Provider.Name() == p.Provider.Name() && bp.Context.Name == p.Context.Name && sameCluster(bp, p) {
			return bp
		}
	}
	return nil
}

// sameCluster compares the clusters of two paths by address: a cluster
// defined in the module is known by it. A path whose cluster is not
// defined here gets no verdict, so any two such paths count as the same.
func sameCluster(a, b *Path) bool {
	if a.Cluster == nil || b.Cluster == nil {
		return a.Cluster == nil && b.Cluster == nil
	}
	return a.Cluster.Addr == b.Cluster.Addr
}

// Change says how a path differs from the baseline.
type Change int

const (
	// Unchanged: the same principal, to the same cluster, with the same access.
	Unchanged Change = iota
	// New: the provider, module or context did not exist at the baseline.
	New
	// RoleChanged: the provider authenticates as another principal.
	RoleChanged
	// GrantRemoved: the principal was let in at the baseline and is not now.
	GrantRemoved
)

// ChangeOf compares a path with the baseline. Without a baseline every
// path is Unchanged.
func (m *Model) ChangeOf(p *Path) (Change, *Path) {
	if m.baseline == nil {
		return Unchanged, nil
	}
	bp := m.BasePath(p)
	switch {
	case bp == nil:
		return New, nil
	case bp.Identity.ARN.Kind != p.Identity.ARN.Kind || bp.Identity.ARN.Text != p.Identity.ARN.Text:
		return RoleChanged, bp
	case m.Verdict(p).Access == Denied && m.baseline.Model.Verdict(bp).Access == Granted:
		return GrantRemoved, bp
	}
	return Unchanged, bp
}
