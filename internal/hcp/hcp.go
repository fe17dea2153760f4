// Package hcp reads the HCP Terraform (Terraform Cloud, Terraform
// Enterprise) workspaces a configuration runs in, so eksauth can check the
// role those runs really have: a workspace's variables override the
// configuration's, its variable sets can switch on dynamic provider
// credentials that run plan and apply as different IAM roles, and agent
// execution runs as the agent host's role.
//
// Nothing here touches the network unless Config.Enabled is set, and then
// every lookup of one tflint run shares one deadline. Whatever goes wrong
// (no token, a rejected token, a workspace that is missing or hidden, rate
// limiting, an outage, a hanging or non-API server) ends in one warning
// line per workspace, and that workspace is left out of the result rather
// than returned half-read: a workspace in Result.Workspaces is complete.
// The API token is never part of any result, warning or error.
package hcp

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	tfe "github.com/hashicorp/go-tfe"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/cloud"
)

// DefaultTimeout bounds all the lookups of one run when Config.Timeout is
// zero. A linter must not hang a CI job because an API is slow.
const DefaultTimeout = 10 * time.Second

// DefaultAddress is HCP Terraform's address, used when neither the plugin
// configuration, the terraform block nor the environment names another.
const DefaultAddress = "https://app.terraform.io"

// Config is the plugin's hcp_terraform block. Empty fields take their
// values from the configuration's cloud or remote backend and then from
// the environment, as Terraform would.
type Config struct {
	// Enabled opts in to network lookups. It defaults to false so that a
	// linter makes no request nobody asked for.
	Enabled bool
	// Address is the API's base address (https://app.terraform.io, or a
	// Terraform Enterprise host); "host" alone means https://host.
	Address string
	// Organization owns the workspaces.
	Organization string
	// Workspaces are workspace names to check instead of the ones the
	// configuration selects.
	Workspaces []string
	// Timeout bounds every lookup of one run together; 0 means
	// DefaultTimeout.
	Timeout time.Duration
}

// Variable is one variable as it reaches a workspace's runs.
type Variable struct {
	Key string
	// Value is the variable's text; always "" when Sensitive, since the
	// API never returns sensitive values.
	Value string
	// Category is "terraform" or "env".
	Category       string
	Sensitive, HCL bool
	// From says where the value comes from: "workspace variable",
	// `variable set "aws-creds" (global)`, or
	// `priority variable set "x" (project)`.
	From string
}

// Workspace is a workspace and the variables its runs get.
type Workspace struct {
	Organization, Name, ID string
	// ExecutionMode is "remote", "agent" or "local".
	ExecutionMode string
	// AgentPool is the agent pool's ID when ExecutionMode is "agent".
	AgentPool string
	// Project is the project's name (its ID if the API did not name it).
	Project string
	// Terraform and Env are the effective variables of each category,
	// after HCP Terraform's precedence, by key.
	Terraform map[string]Variable
	Env       map[string]Variable
}

// Label names the workspace as "organization/name".
func (w Workspace) Label() string { return w.Organization + "/" + w.Name }

// Result is what Lookup found: the workspaces it read completely, and one
// warning line for each workspace (or selection) it could not read.
type Result struct {
	Workspaces []Workspace
	Warnings   []string
}

// Lookup resolves which workspaces the configuration runs in and reads
// each: its execution mode, agent pool and project, its variables and the
// variable sets that apply to it. It makes no request, and reads no file,
// when cfg.Enabled is false.
//
// Workspaces are chosen by the first of: cfg.Workspaces; the backend's
// name; its tags (and its project, else TF_CLOUD_PROJECT); its prefix
// (the remote backend's prefix makes one configuration run in several
// workspaces, and every one of them is read); TF_WORKSPACE. The
// organization is cfg's, else the backend's, else TF_CLOUD_ORGANIZATION;
// the address is cfg's, else the backend's hostname, else
// TF_CLOUD_HOSTNAME (not for the remote backend), TFE_ADDRESS,
// TFE_HOSTNAME, DefaultAddress. The token is found as Token finds it.
//
// A workspace costs three requests (read, variables, variable sets), or
// two when a tag or prefix listing already returned it, plus one page per
// hundred variables or sets; go-tfe adds one ping per run. Workspaces are
// read concurrently, all under one deadline of cfg.Timeout.
func Lookup(ctx context.Context, cfg Config, b cloud.Backend, env Env) Result {
	if !cfg.Enabled {
		return Result{}
	}
	rd := NewReader(ctx, cfg, env)
	defer rd.Close()
	return rd.Lookup(b)
}

// Lookup is the package's Lookup on the reader's connections and
// deadline: a run that also reads the workspaces its cluster comes from
// pings the API once, not once for each.
func (rd *Reader) Lookup(b cloud.Backend) (res Result) {
	if !rd.cfg.Enabled {
		return Result{}
	}
	r := &run{ctx: rd.ctx, timeout: rd.timeout}
	defer func() {
		if p := recover(); p != nil {
			res = Result{Warnings: []string{r.redact(fmt.Sprintf("HCP Terraform lookup failed with an internal error (please report it): %v", p))}}
		}
	}()
	if w := r.resolve(rd.cfg, b, rd.env); w != "" {
		return Result{Warnings: []string{w}}
	}
	if w := rd.connect(r); w != "" {
		return Result{Warnings: r.warnAll(r.redact(w))}
	}
	return r.read()
}

// run is one Lookup: its settings and client.
type run struct {
	ctx     context.Context
	timeout time.Duration

	origin  Origin // where every request goes, and the token with it
	address string // normalised base address, for messages
	host    string // normalised host[:port], for the token
	org     string
	sel     selection

	token, source string
	client        *tfe.Client
	guard         *guard
	pingRec       *recorder
}

// selection is how the workspaces are chosen.
type selection struct {
	names    []string
	tags     []string
	bindings []*tfe.TagBinding
	project  string
	prefix   string
}

func (r *run) resolve(cfg Config, b cloud.Backend, env Env) string {
	// Addresses from the plugin block and TFE_ADDRESS are URLs; host
	// names from the terraform block, TF_CLOUD_HOSTNAME and TFE_HOSTNAME
	// are bare hosts, as Terraform takes them.
	addr, from, bare := cfg.Address, "hcp_terraform address", false
	switch {
	case addr != "":
	case b.Hostname != "":
		addr, from, bare = b.Hostname, "the "+b.Kind+" block's hostname", true
	case b.Kind != "remote" && env.Getenv("TF_CLOUD_HOSTNAME") != "":
		addr, from, bare = env.Getenv("TF_CLOUD_HOSTNAME"), "TF_CLOUD_HOSTNAME", true
	case env.Getenv("TFE_ADDRESS") != "":
		addr, from = env.Getenv("TFE_ADDRESS"), "TFE_ADDRESS"
	case env.Getenv("TFE_HOSTNAME") != "":
		addr, from, bare = env.Getenv("TFE_HOSTNAME"), "TFE_HOSTNAME", true
	default:
		addr = DefaultAddress
	}
	if bare && strings.ContainsAny(addr, "/@?#") {
		// "https://host" in a cloud block is not a host Terraform can
		// reach; reading it as a URL would let the configuration choose
		// a scheme, a port or a path Terraform never would.
		return fmt.Sprintf("HCP Terraform lookup skipped: %s = %q is not a bare host name such as app.terraform.io; Terraform does not accept a scheme or path there", from, clip(addr, 100))
	}
	if !strings.Contains(addr, "://") {
		addr = "https://" + addr
	}
	origin, path, err := ParseOrigin(addr)
	if err != nil {
		return fmt.Sprintf("HCP Terraform lookup skipped: %s (from %s)", clip(err.Error(), 200), from)
	}
	r.origin = origin
	r.address = origin.String() + path
	r.host = origin.Host

	r.org = firstNonEmpty(cfg.Organization, b.Organization, env.Getenv("TF_CLOUD_ORGANIZATION"))
	if r.org == "" {
		return "HCP Terraform lookup skipped: no organization; set hcp_terraform organization, the cloud block's organization, or TF_CLOUD_ORGANIZATION"
	}

	switch {
	case len(cfg.Workspaces) > 0:
		r.sel.names = cfg.Workspaces
	case b.Name != "":
		r.sel.names = []string{b.Name}
	case len(b.Tags) > 0:
		r.sel.project = b.Project
		if r.sel.project == "" && b.Kind == "cloud" {
			r.sel.project = env.Getenv("TF_CLOUD_PROJECT")
		}
		if !b.KeyValueTags {
			r.sel.tags = b.Tags
			break
		}
		for _, t := range b.Tags {
			k, v, _ := strings.Cut(t, ":")
			r.sel.bindings = append(r.sel.bindings, &tfe.TagBinding{Key: k, Value: v})
			// As Terraform does: the keys as flat tags too, for servers
			// that predate key-value tags.
			r.sel.tags = append(r.sel.tags, k)
		}
	case b.Prefix != "":
		r.sel.prefix = b.Prefix
	case env.Getenv("TF_WORKSPACE") != "":
		r.sel.names = []string{env.Getenv("TF_WORKSPACE")}
	default:
		return fmt.Sprintf("HCP Terraform lookup skipped: no workspace in organization %s is selected; set hcp_terraform workspaces, the cloud block's workspaces, or TF_WORKSPACE", r.org)
	}
	r.sel.names = dedupe(r.sel.names)
	return ""
}

// subjects are what warnings name before the workspaces are known: each
// named workspace, or the tag or prefix selection.
func (r *run) subjects() []string {
	if len(r.sel.names) > 0 {
		var out []string
		for _, n := range r.sel.names {
			out = append(out, "HCP Terraform workspace "+r.org+"/"+n)
		}
		return out
	}
	if r.sel.prefix != "" {
		return []string{fmt.Sprintf("HCP Terraform workspaces %s/%s* (remote backend prefix)", r.org, r.sel.prefix)}
	}
	var tags []string
	for _, b := range r.sel.bindings {
		tags = append(tags, fmt.Sprintf("%s=%q", b.Key, b.Value))
	}
	if len(r.sel.bindings) == 0 {
		for _, t := range r.sel.tags {
			tags = append(tags, fmt.Sprintf("%q", t))
		}
	}
	s := fmt.Sprintf("HCP Terraform workspaces in %s tagged %s", r.org, strings.Join(tags, ", "))
	if r.sel.project != "" {
		s += fmt.Sprintf(" in project %q", r.sel.project)
	}
	return []string{s}
}

// warnAll gives every subject the same message.
func (r *run) warnAll(msg string) []string {
	var out []string
	for _, s := range r.subjects() {
		out = append(out, r.redact(s+" not checked: "+msg))
	}
	return out
}

func (r *run) noTokenMessage() string {
	hosts := r.host
	login := "terraform login"
	if r.host != "app.terraform.io" {
		login += " " + r.host
	}
	// TFE_TOKEN belongs to TFE_ADDRESS's host: it is offered where
	// setting it would not send a token meant for another host.
	if strings.Contains(r.host, ":") {
		return fmt.Sprintf("no API token for %s; set TFE_TOKEN with TFE_ADDRESS=%s, or add a credentials %q block to the CLI configuration (TF_CLI_CONFIG_FILE)", hosts, r.origin, r.host)
	}
	return fmt.Sprintf("no API token for %s; run %q, or set %s", hosts, login, tokenEnvName(r.host))
}

// unbound is the token go-tfe is given. go-tfe needs one, and would read
// TFE_TOKEN itself without it; the guarded transport removes whatever
// Authorization header go-tfe writes and attaches the run's token only to
// requests for the run's origin.
const unbound = "eksauth-token-attached-by-transport"

// connect creates the client. go-tfe's NewClient pings the API with no
// context; the transport ties that ping to the run's deadline.
func (r *run) connect() error {
	r.pingRec = &recorder{}
	hc, g := newGuarded(r.origin, r.token, ClientOptions{
		Timeout: r.timeout,
		Wrap: func(base http.RoundTripper) http.RoundTripper {
			return &transport{base: base, run: r.ctx, ping: r.pingRec}
		},
	})
	r.guard = g
	client, err := tfe.NewClient(&tfe.Config{
		Address: r.address,
		Token:   unbound,
		Headers: http.Header{"User-Agent": []string{"tflint-ruleset-eksauth"}},
		// A 5xx is answered with a warning, not retried until the
		// deadline. go-tfe still retries 429 by itself, within the
		// deadline.
		RetryServerErrors: false,
		HTTPClient:        hc,
	})
	if err != nil {
		return err
	}
	r.client = client
	return nil
}

// job is one workspace to read; ws is set when a listing returned it.
type job struct {
	name string
	ws   *tfe.Workspace
}

// maxConcurrent bounds the workspaces read at once, below HCP Terraform's
// rate limit of 30 requests a second.
const maxConcurrent = 4

func (r *run) read() Result {
	var jobs []job
	if len(r.sel.names) > 0 {
		for _, n := range r.sel.names {
			jobs = append(jobs, job{name: n})
		}
	} else {
		listed, warning := r.list()
		if warning != "" {
			return Result{Warnings: []string{warning}}
		}
		for _, ws := range listed {
			jobs = append(jobs, job{name: ws.Name, ws: ws})
		}
	}

	found := make([]*Workspace, len(jobs))
	warned := make([]string, len(jobs))
	sem := make(chan struct{}, maxConcurrent)
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			found[i], warned[i] = r.workspace(j)
		}()
	}
	wg.Wait()

	var res Result
	for i := range jobs {
		if found[i] != nil {
			res.Workspaces = append(res.Workspaces, *found[i])
		}
		if warned[i] != "" {
			res.Warnings = append(res.Warnings, warned[i])
		}
	}
	return res
}

// list finds the workspaces a tag or prefix selection names.
func (r *run) list() ([]*tfe.Workspace, string) {
	subject := r.subjects()[0]
	opts := &tfe.WorkspaceListOptions{
		Tags:        strings.Join(r.sel.tags, ","),
		TagBindings: r.sel.bindings,
		Search:      r.sel.prefix,
		Include:     []tfe.WSIncludeOpt{tfe.WSProject},
	}
	rec := &recorder{}
	all, err := paginate(withRecorder(r.ctx, rec), func(ctx context.Context, lo tfe.ListOptions) ([]*tfe.Workspace, *tfe.Pagination, error) {
		opts.ListOptions = lo
		l, err := r.client.Workspaces.List(ctx, r.org, opts)
		if err != nil {
			return nil, nil, err
		}
		return l.Items, l.Pagination, nil
	})
	if err != nil {
		return nil, r.redact(subject + " not checked: " + r.failure("listing workspaces of organization "+r.org, err, rec))
	}
	var out []*tfe.Workspace
	for _, ws := range all {
		switch {
		case ws == nil || ws.ID == "" || ws.Name == "":
			return nil, r.redact(subject + " not checked: " + r.failure("listing workspaces of organization "+r.org, errIncomplete("a workspace without ID or name"), rec))
		case r.sel.prefix != "" && !strings.HasPrefix(ws.Name, r.sel.prefix):
		case r.sel.project != "" && (ws.Project == nil || ws.Project.Name != r.sel.project):
		default:
			out = append(out, ws)
		}
	}
	if len(out) == 0 {
		return nil, r.redact(fmt.Sprintf("%s not checked: %s lists no such workspace; check the selection and organization, and that the token from %s can see them", subject, r.address, r.source))
	}
	return out, ""
}

// workspace reads one workspace completely, or returns a warning.
func (r *run) workspace(j job) (ws *Workspace, warning string) {
	label := r.org + "/" + j.name
	subject := "HCP Terraform workspace " + label + " not checked: "
	defer func() {
		if p := recover(); p != nil {
			ws, warning = nil, r.redact(fmt.Sprintf("%sinternal error (please report it): %v", subject, p))
		}
	}()
	tw := j.ws
	if tw == nil {
		rec := &recorder{}
		var err error
		tw, err = r.client.Workspaces.ReadWithOptions(withRecorder(r.ctx, rec), r.org, j.name,
			&tfe.WorkspaceReadOptions{Include: []tfe.WSIncludeOpt{tfe.WSProject}})
		if err == nil && (tw == nil || tw.ID == "") {
			err = errIncomplete("a workspace without an ID")
		}
		if err != nil {
			return nil, r.redact(subject + r.failure("reading the workspace", err, rec))
		}
	}

	var (
		wg                   sync.WaitGroup
		vars                 []*tfe.Variable
		sets                 []*tfe.VariableSet
		varsWarn, setsWarn   string
		varsPanic, setsPanic any
	)
	wg.Add(2)
	go func() {
		defer wg.Done()
		defer func() { varsPanic = recover() }()
		rec := &recorder{}
		var err error
		if vars, err = r.variables(withRecorder(r.ctx, rec), tw.ID); err != nil {
			varsWarn = r.failure("listing the workspace's variables", err, rec)
		}
	}()
	go func() {
		defer wg.Done()
		defer func() { setsPanic = recover() }()
		rec := &recorder{}
		var err error
		if sets, err = r.variableSets(withRecorder(r.ctx, rec), tw.ID); err != nil {
			setsWarn = r.failure("listing the variable sets applied to the workspace", err, rec)
		}
	}()
	wg.Wait()
	for _, p := range []any{varsPanic, setsPanic} {
		if p != nil {
			panic(p)
		}
	}
	for _, w := range []string{varsWarn, setsWarn} {
		if w != "" {
			return nil, r.redact(subject + w)
		}
	}
	out := build(r.org, tw, vars, sets)
	return &out, ""
}

func (r *run) variables(ctx context.Context, wsID string) ([]*tfe.Variable, error) {
	vars, err := paginate(ctx, func(ctx context.Context, lo tfe.ListOptions) ([]*tfe.Variable, *tfe.Pagination, error) {
		l, err := r.client.Variables.List(ctx, wsID, &tfe.VariableListOptions{ListOptions: lo})
		if err != nil {
			return nil, nil, err
		}
		return l.Items, l.Pagination, nil
	})
	if err != nil {
		return nil, err
	}
	for _, v := range vars {
		if v == nil || v.Key == "" {
			return nil, errIncomplete("a variable without a key")
		}
	}
	return vars, nil
}

func (r *run) variableSets(ctx context.Context, wsID string) ([]*tfe.VariableSet, error) {
	sets, err := paginate(ctx, func(ctx context.Context, lo tfe.ListOptions) ([]*tfe.VariableSet, *tfe.Pagination, error) {
		l, err := r.client.VariableSets.ListForWorkspace(ctx, wsID, &tfe.VariableSetListOptions{
			ListOptions: lo,
			Include:     string(tfe.VariableSetVars),
		})
		if err != nil {
			return nil, nil, err
		}
		return l.Items, l.Pagination, nil
	})
	if err != nil {
		return nil, err
	}
	for _, s := range sets {
		if s == nil || s.ID == "" {
			return nil, errIncomplete("a variable set without an ID")
		}
		for _, v := range s.Variables {
			// Without include=vars the API names a set's variables by ID
			// only; reading on would present the set as empty.
			if v == nil || v.Key == "" {
				return nil, errIncomplete(fmt.Sprintf("variable set %q without its variables", s.Name))
			}
		}
	}
	return sets, nil
}

// maxPages bounds a listing, so that a server that always has a next page
// cannot keep a run busy until its deadline.
const maxPages = 100

// paginate reads every page of a listing, 100 items a page.
func paginate[T any](ctx context.Context, page func(context.Context, tfe.ListOptions) ([]T, *tfe.Pagination, error)) ([]T, error) {
	var all []T
	lo := tfe.ListOptions{PageNumber: 1, PageSize: 100}
	for n := 0; ; n++ {
		if n == maxPages {
			return nil, errIncomplete(fmt.Sprintf("more than %d pages", maxPages))
		}
		items, p, err := page(ctx, lo)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if p == nil || p.NextPage == 0 {
			return all, nil
		}
		if p.NextPage <= lo.PageNumber {
			return nil, errIncomplete(fmt.Sprintf("page %d pointing back to page %d", lo.PageNumber, p.NextPage))
		}
		lo.PageNumber = p.NextPage
	}
}

// build turns what the API said into a Workspace.
func build(org string, tw *tfe.Workspace, vars []*tfe.Variable, sets []*tfe.VariableSet) Workspace {
	w := Workspace{Organization: org, Name: tw.Name, ID: tw.ID, ExecutionMode: tw.ExecutionMode}
	if w.ExecutionMode == "" {
		// Servers before execution modes had only "operations".
		w.ExecutionMode = "local"
		if tw.Operations {
			w.ExecutionMode = "remote"
		}
	}
	if tw.AgentPool != nil {
		w.AgentPool = tw.AgentPool.ID
	}
	projectID := ""
	if tw.Project != nil {
		projectID = tw.Project.ID
		w.Project = firstNonEmpty(tw.Project.Name, tw.Project.ID)
	}
	w.Terraform, w.Env = effective(tw.ID, projectID, vars, sets)
	return w
}

type errIncomplete string

func (e errIncomplete) Error() string { return "the answer had " + string(e) }

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
