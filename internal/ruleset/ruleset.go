// Package ruleset is the plugin's face to tflint: its name and version, the
// plugin-block configuration, and a runner that carries the model of EKS
// authentication so that every rule of one module run shares one model.
package ruleset

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/baseline"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/project"
)

// Name is the plugin name users write in `plugin "eksauth" {}`.
const Name = "eksauth"

// Config is the body of the plugin block. tflint decodes it strictly against
// ConfigSchema, so a misspelt key is an error rather than a silent default.
type Config struct {
	// ExecutionRoles are roles Terraform runs as that the configuration does
	// not name: CI runner roles, HCP Terraform agent instance roles.
	ExecutionRoles []string `hclext:"execution_roles,optional"`
	// ClusterCreatorARNs are the principals known to have created the
	// clusters; they keep the creator's implicit access where the cluster
	// allows it.
	ClusterCreatorARNs []string `hclext:"cluster_creator_arns,optional"`
	// BaselineRef is a git revision (origin/main) to compare execution
	// roles and grants with; EKSAUTH_BASELINE_REF sets it too, so one
	// config serves pre-commit and PR jobs.
	BaselineRef string `hclext:"baseline_ref,optional"`
	// OnlyChangedRoles reports unmapped roles only where they are new or
	// changed against the baseline: adoption mode for existing estates.
	OnlyChangedRoles bool `hclext:"only_changed_roles,optional"`
	// ClusterRoots are directories, relative to the linted module, of root
	// modules that create or grant access to the clusters it uses, for
	// the links eksauth cannot follow by itself (an s3 remote state, a
	// data "aws_eks_cluster" by name).
	ClusterRoots []string `hclext:"cluster_roots,optional"`
	// HCPTerraform checks the runs of HCP Terraform workspaces too.
	HCPTerraform *HCPConfig `hclext:"hcp_terraform,block"`
}

// RuleSet is the eksauth ruleset.
type RuleSet struct {
	tflint.BuiltinRuleSet
	options     model.Options
	baselineRef string
	getenv      func(string) string
	hcp         *workspaces
}

// New returns the ruleset serving the given rules.
func New(rules []tflint.Rule) *RuleSet {
	return &RuleSet{BuiltinRuleSet: tflint.BuiltinRuleSet{
		Name:    Name,
		Version: project.Version,
		Rules:   rules,
	}}
}

// ConfigSchema is the schema of the plugin block's body.
func (r *RuleSet) ConfigSchema() *hclext.BodySchema {
	return hclext.ImpliedBodySchema(&Config{})
}

// ApplyConfig decodes and checks the plugin block. A role that is not an
// IAM principal ARN is an error here, once, rather than a puzzle in every
// finding later.
func (r *RuleSet) ApplyConfig(body *hclext.BodyContent) error {
	var cfg Config
	if diags := hclext.DecodeBody(body, nil, &cfg); diags.HasErrors() {
		return diags
	}
	getenv := r.getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if cfg.BaselineRef == "" {
		cfg.BaselineRef = getenv("EKSAUTH_BASELINE_REF")
	}
	opts, err := cfg.Options()
	if err != nil {
		return err
	}
	hc, err := cfg.HCPTerraform.config()
	if err != nil {
		return err
	}
	// Without hcp_terraform, workspaces come only from the configuration's
	// own tfe_* resources, and nothing touches the network.
	r.hcp = &workspaces{cfg: hc}
	opts.Getenv = r.getenv
	r.options = opts
	r.baselineRef = cfg.BaselineRef
	return nil
}

// Options checks the configuration and turns it into model options.
func (c Config) Options() (model.Options, error) {
	var opts model.Options
	for i, s := range c.ExecutionRoles {
		p, err := arn.Parse(s)
		if err != nil {
			return opts, fmt.Errorf(`plugin "eksauth": execution_roles[%d] = %q: %w`, i, s, err)
		}
		opts.ExecutionRoles = append(opts.ExecutionRoles, p)
	}
	for i, s := range c.ClusterCreatorARNs {
		p, err := arn.Parse(s)
		if err != nil {
			return opts, fmt.Errorf(`plugin "eksauth": cluster_creator_arns[%d] = %q: %w`, i, s, err)
		}
		opts.ClusterCreators = append(opts.ClusterCreators, p)
	}
	if c.OnlyChangedRoles && c.BaselineRef == "" {
		return opts, errors.New(`plugin "eksauth": only_changed_roles needs a baseline to compare with: set baseline_ref (e.g. "origin/main") or EKSAUTH_BASELINE_REF`)
	}
	opts.OnlyChangedRoles = c.OnlyChangedRoles
	for i, d := range c.ClusterRoots {
		if strings.TrimSpace(d) == "" {
			return opts, fmt.Errorf(`plugin "eksauth": cluster_roots[%d] is empty: name a directory relative to the linted module, e.g. "../cluster"`, i)
		}
	}
	opts.ClusterRoots = c.ClusterRoots
	return opts, nil
}

// NewRunner wraps tflint's runner for one module run. The model is built on
// the first rule's request and shared by the rest.
func (r *RuleSet) NewRunner(runner tflint.Runner) (tflint.Runner, error) {
	return &Runner{Runner: runner, options: r.options, ruleset: r}, nil
}

// Runner is tflint's runner plus the module's model.
type Runner struct {
	tflint.Runner
	options model.Options
	ruleset *RuleSet

	once  sync.Once
	model *model.Model
	err   error
}

// EKSAuthModel returns the model of the module being linted, building it once.
func (r *Runner) EKSAuthModel() (*model.Model, error) {
	r.once.Do(func() {
		opts := r.options
		asked := false
		if ws := r.ruleset.hcp; ws != nil {
			opts.Workspaces = func(b model.Backend) []model.Workspace {
				asked = true
				return ws.lookup(b)
			}
			if ws.cfg.Enabled {
				opts.Referenced, opts.HCPTerraform = ws.referenced, true
			}
		}
		r.model, r.err = model.Build(r.Runner, opts)
		if r.err != nil {
			return
		}
		if asked {
			for _, w := range r.ruleset.hcp.warnings {
				r.model.Unavailable = append(r.model.Unavailable, model.Note{Range: r.model.Anchor(), Message: w + "; the other contexts were checked"})
			}
		}
		if r.ruleset.baselineRef != "" {
			r.attachBaseline(opts)
		}
	})
	return r.model, r.err
}

// attachBaseline builds the model of the root module at the baseline
// revision. Any failure is said once and the full check runs instead: a
// missing baseline must never pass as a check of only the changes.
func (r *Runner) attachBaseline(opts model.Options) {
	m, ref := r.model, r.ruleset.baselineRef
	if len(m.Paths) == 0 || m.Dir() == "" {
		return
	}
	if path, err := r.GetModulePath(); err != nil || !path.IsRoot() {
		return
	}
	unreadable := func(why string) {
		m.Unavailable = append(m.Unavailable, model.Note{
			Range:   m.Anchor(),
			Message: fmt.Sprintf("baseline %s cannot be read (%s), so every role was checked, not only changed ones", ref, why),
		})
	}
	snap, err := baseline.Load(m.Dir(), ref, baseline.Options{Getenv: r.ruleset.getenv})
	if err != nil {
		unreadable(err.Error())
		return
	}
	if snap.Missing {
		m.SetBaseline(&model.Baseline{Ref: ref})
		return
	}
	content, diags := model.ContentOf(snap.Files)
	if diags.HasErrors() {
		unreadable(diags.Error())
		return
	}
	// opts keep Referenced: a path is compared with the baseline's by its
	// cluster, and a baseline that did not follow the same tfe_outputs
	// would make every path through another workspace look new. The
	// workspaces both read are read once per process, so this costs
	// neither requests nor evaluation budget again.
	m.SetBaseline(&model.Baseline{Ref: ref, Model: model.FromContent(content, snap.Vars, opts)})
	for _, s := range snap.Skipped {
		// The baseline lacks what was skipped: a path whose provider or
		// grant is in such a file looks new, and is checked in full.
		m.Unavailable = append(m.Unavailable, model.Note{Range: m.Anchor(),
			Message: fmt.Sprintf("at baseline %s, %s; what it held counts as new", ref, s)})
	}
}
